/**
 * Webhooks, POSTed JSON. `before-step`: a gate asked before each step; only a 2xx answer lets the step go on, any
 * other answer (or none) holds the rollout (inconclusive: phase `Paused`, the next `up` asks again). `rollback`: asked
 * before each step and during pauses; a 2xx answer aborts; anything else lets the rollout go on. `event`: every
 * rollout event, delivered alongside the rollout, never holding it (a failed delivery is logged, nothing more).
 */
import axios from "axios";
import { redact } from "../../core/secrets";
import type { RolloutEvent, WebhookKind } from "../surface";
import { Gate, GateContext, verdict } from "../gates";

export interface Webhook {
  name: string;
  url: string;
  kind: WebhookKind;
  timeoutSeconds: number;
  headers: Record<string, string>;
}

/** What every call says about the rollout. */
export interface RolloutRef {
  revision: string;
  channels: () => string[];
}

/** POSTs `body`; the HTTP status, or the reason there is none (redacted: headers may be secret). */
async function post(hook: Webhook, body: object): Promise<{ status: number } | { error: string }> {
  try {
    const res = await axios.post(hook.url, body, {
      headers: { "content-type": "application/json", ...hook.headers },
      timeout: hook.timeoutSeconds * 1000,
      maxContentLength: 1024 * 1024,
      validateStatus: () => true,
    });
    return { status: res.status };
  } catch (err) {
    return { error: redact((err as Error).message) };
  }
}

const ok = (r: { status: number } | { error: string }) => "status" in r && r.status >= 200 && r.status < 300;
const answer = (r: { status: number } | { error: string }) =>
  "status" in r ? `HTTP ${r.status}` : `no answer (${r.error})`;

const payload = (kind: string, ref: RolloutRef, ctx: GateContext) => ({
  kind,
  revision: ref.revision,
  step: ctx.step,
  weight: ctx.weight,
  channels: ref.channels(),
  at: new Date(ctx.now()).toISOString(),
});

/** A `before-step` or `rollback` webhook as a gate. */
export function webhookGate(hook: Webhook, ref: RolloutRef): Gate {
  const check = async (ctx: GateContext, during: boolean) => {
    if (hook.kind === "before-step" && during) return undefined;
    const r = await post(hook, payload(hook.kind, ref, ctx));
    const measured = answer(r);
    if (hook.kind === "before-step") {
      return ok(r)
        ? verdict(
            hook.name,
            { outcome: "pass", measured, limit: "2xx", detail: `${hook.name} lets step ${ctx.step} go on` },
            ctx.now(),
          )
        : verdict(
            hook.name,
            {
              outcome: "inconclusive",
              measured,
              limit: "2xx",
              detail: `${hook.name} answered ${measured}: step ${ctx.step} is held until it answers 2xx`,
            },
            ctx.now(),
          );
    }
    return ok(r)
      ? verdict(
          hook.name,
          { outcome: "fail", measured, limit: "no 2xx", detail: `${hook.name} asked for a rollback (${measured})` },
          ctx.now(),
        )
      : verdict(
          hook.name,
          { outcome: "pass", measured, limit: "no 2xx", detail: `${hook.name}: no rollback asked (${measured})` },
          ctx.now(),
        );
  };
  return {
    name: hook.name,
    timeoutMs: hook.timeoutSeconds * 1000,
    before: async (ctx) => (await check(ctx, false))!,
    during: (ctx) => check(ctx, true),
  };
}

/** Delivers every event to the `event` webhooks, alongside the rollout; `flush` waits for what is in flight. */
export function eventSink(hooks: readonly Webhook[], ref: RolloutRef, log: (line: string) => void) {
  const inFlight = new Set<Promise<void>>();
  return {
    send(event: RolloutEvent): void {
      for (const hook of hooks) {
        const p = post(hook, { kind: "event", revision: ref.revision, channels: ref.channels(), ...event }).then(
          (r) => {
            if (!ok(r)) log(`event webhook ${hook.name} answered ${answer(r)} to ${event.event} (not retried)`);
          },
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
    },
    async flush(): Promise<void> {
      await Promise.allSettled([...inFlight]);
    },
  };
}

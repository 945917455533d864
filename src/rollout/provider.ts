/**
 * `CanaryRollout` provider, loaded at call time by the stored shim. `check` and `diff` come from the provider kit;
 * `create` and `update` run the rollout for one update (`run.ts`) and, when it aborts or a gate fails, fail the
 * `up` with an error that carries the resource's id and outputs, which the engine stores: state and code agree
 * after an abort. `read` sees the group weights (a console edit is drift); `delete` leaves the weights as they are.
 */
import { randomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { sameValue } from "../core/normalize";
import { resourceKit } from "../core/providerKit";
import { registerSecretValue } from "../core/secrets";
import { ConfigSource, resolveAlibabaRegion } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { containsUnknown } from "../core/unknowns";
import { resolvePlacement } from "../vpcChannel/kit";
import { CanaryRolloutInput, ROLLOUT_LIMITS, validateRollout } from "./args";
import { DEFAULT_UPGRADE_FAIL_STATES } from "./surface";
import { openChannel, RolloutChannelPort, seenOf } from "./channels";
import { Gate } from "./gates";
import { healthyMembersGate } from "./gates/healthyMembers";
import { meshUpgradeGate } from "./gates/meshUpgrade";
import { prometheusGate } from "./gates/prometheus";
import { proxyStatusGate } from "./gates/proxyStatus";
import { eventSink, webhookGate } from "./gates/webhook";
import { byline, isPending } from "./intents";
import { isNewRun, startPoint } from "./machine";
import { channelWeights } from "./status";
import { heldOf, RolloutResult, runRollout } from "./run";
import {
  channelKey,
  DEFAULTS,
  INPUT_KEYS,
  RolloutGates,
  RolloutOutputs,
  RolloutOutputsSchema,
  RolloutState,
  SeenWeights,
} from "./state";

// ---------------------------------------------------------------- desired state

function normalizeGates(gates: CanaryRolloutInput["gates"], config: ConfigSource): RolloutGates {
  const timeoutSeconds = DEFAULTS.gateTimeoutSeconds;
  const hm = gates?.healthyMembers;
  const out: RolloutGates = { intervalSeconds: gates?.intervalSeconds ?? DEFAULTS.gateIntervalSeconds };
  if (hm !== undefined && hm !== false) {
    const given = hm === true ? {} : hm;
    out.healthyMembers = {
      minHealthyPercent: given.minHealthyPercent ?? 100,
      timeoutSeconds: given.timeoutSeconds ?? timeoutSeconds,
    };
  }
  if (gates?.proxyStatus) {
    const g = gates.proxyStatus;
    out.proxyStatus = {
      serviceMeshId: g.serviceMeshId,
      region: resolveAlibabaRegion(config, process.env, g.region),
      timeoutSeconds: g.timeoutSeconds ?? timeoutSeconds,
    };
  }
  if (gates?.meshUpgrade) {
    const { phases, states, failStates, ...g } = gates.meshUpgrade;
    out.meshUpgrade = {
      meshUpgradeId: g.meshUpgradeId,
      ...(phases ? { phases } : {}),
      ...(states ? { states } : {}),
      failStates: failStates ?? [...DEFAULT_UPGRADE_FAIL_STATES],
      ...resolvePlacement(config, g),
      timeoutSeconds: g.timeoutSeconds ?? timeoutSeconds,
    };
  }
  if (gates?.prometheus?.length) {
    out.prometheus = gates.prometheus.map((m) => ({
      ...m,
      count: m.count ?? ROLLOUT_LIMITS.metricCount.default,
      failureLimit: m.failureLimit ?? ROLLOUT_LIMITS.metricFailureLimit.default,
      errorLimit: m.errorLimit ?? ROLLOUT_LIMITS.metricErrorLimit.default,
      dryRun: m.dryRun ?? false,
      headers: secretHeaders(m.headers),
    }));
  }
  if (gates?.webhooks?.length) {
    out.webhooks = gates.webhooks.map((w) => ({
      ...w,
      timeoutSeconds: w.timeoutSeconds ?? ROLLOUT_LIMITS.webhookTimeoutSeconds.default,
      headers: secretHeaders(w.headers),
    }));
  }
  return out;
}

/** Header values are secrets: kept out of every message from here on. */
function secretHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  for (const value of Object.values(headers ?? {})) registerSecretValue(value);
  return headers ?? {};
}

/** Validated input → the desired state `check` stores: placement resolved, defaults filled in. */
export function normalizeRollout(input: CanaryRolloutInput, config: ConfigSource): RolloutState {
  return {
    revision: input.revision,
    channels: input.channels.map((c) => ({ ...c, ...resolvePlacement(config, c) })),
    steps: input.steps.map((s) =>
      s.pause ? { weight: s.weight, pause: s.pause } : { weight: s.weight },
    ) as RolloutState["steps"],
    gates: normalizeGates(input.gates, config),
    onGateFailure: input.onGateFailure ?? DEFAULTS.onGateFailure,
    maxUpdateSeconds: input.maxUpdateSeconds ?? DEFAULTS.maxUpdateSeconds,
    promote: input.promote ?? DEFAULTS.promote,
    retry: input.retry ?? DEFAULTS.retry,
    allowBaselineJump: input.allowBaselineJump ?? DEFAULTS.allowBaselineJump,
    ...(input.__intent ? { __intent: input.__intent } : {}),
  };
}

// ---------------------------------------------------------------- diff

/** Channels whose weights, when last seen, were not the ones the rollout set. */
export function driftedChannels(o: RolloutOutputs): string[] {
  return channelWeights(o)
    .filter((c) => c.seen && (c.seen.stable !== c.want.stable || c.seen.canary !== c.want.canary))
    .map((c) => c.key);
}

/**
 * A new revision starts from its baseline (stable 100 %, canary 0 %): refused when that moves traffic on a channel
 * whose weights are known, unless the program says the jump is meant. Throws the refusal, naming the fix.
 */
export function checkBaselineJump(
  desired: RolloutState,
  run: RolloutOutputs["__run"],
  seen: Record<string, SeenWeights>,
): void {
  if (desired.allowBaselineJump || !isNewRun(desired.revision, desired.retry, run)) return;
  const jumps = desired.channels.flatMap((c) => {
    const w = seen[channelKey(c)];
    const stable = w?.[c.stableGroup];
    if (stable === undefined || stable === null || stable === 100) return [];
    return [
      `${channelKey(c)}: group "${c.stableGroup}" ${stable}% → 100%, "${c.canaryGroup}" ${w?.[c.canaryGroup] ?? "unset"}% → 0%`,
    ];
  });
  if (jumps.length === 0) return;
  throw new Error(
    `CanaryRollout: revision ${desired.revision} starts from its baseline (stableGroup 100%, canaryGroup 0%), which would move traffic at once: ${jumps.join("; ")}. ` +
      `After a completed rollout the canary group carries the traffic: swap stableGroup and canaryGroup for the next release (blue/green alternation), so its baseline is what is live. If the jump is meant, set allowBaselineJump: true`,
  );
}

export function diffRollout(olds: RolloutOutputs, news: RolloutState): { changes: boolean; replaces: string[] } {
  if (containsUnknown(news)) return { changes: true, replaces: [] };
  checkBaselineJump(news, olds.__run, olds.__seen);
  const inputs = INPUT_KEYS.some((k) => !sameValue(olds[k], news[k]));
  // A request counts until applied; applied, removed or for another revision, it changes nothing.
  const request = isPending(news.__intent, news.revision, olds.__applied);
  if (request && !inputs) {
    console.log(
      `[canary-mesh] CanaryRollout ${olds.revision}: canary-mesh rollout ${news.__intent!.action} ${byline(news.__intent!)}: the next pulumi up applies it`,
    );
  }
  const run = olds.__run;
  const unfinished = run.phase === "Progressing" || (run.phase === "Paused" && run.pausedBy !== "promotion");
  const drifted = driftedChannels(olds);
  if (!inputs && (unfinished || drifted.length > 0)) {
    console.log(
      `[canary-mesh] CanaryRollout ${olds.revision}: ${drifted.length > 0 ? `weights changed outside the rollout on ${drifted.join(", ")}: the next pulumi up puts them back` : `${olds.message}; the next pulumi up continues`}`,
    );
  }
  return { changes: inputs || request || unfinished || drifted.length > 0, replaces: [] };
}

// ---------------------------------------------------------------- the update

const kit = resourceKit<CanaryRolloutInput, RolloutState, RolloutOutputs>({
  resource: "CanaryRollout",
  validate: validateRollout,
  normalize: normalizeRollout,
  outputs: RolloutOutputsSchema,
  diff: diffRollout,
});

function gatesOf(desired: RolloutState, ports: readonly RolloutChannelPort[], config: ConfigSource): Gate[] {
  const g = desired.gates;
  const intervalMs = g.intervalSeconds * 1000;
  const gates: Gate[] = [];
  if (g.healthyMembers) {
    gates.push(
      healthyMembersGate({
        minHealthyPercent: g.healthyMembers.minHealthyPercent,
        timeoutMs: g.healthyMembers.timeoutSeconds * 1000,
        intervalMs,
        read: () => Promise.all(ports.map(async (p) => ({ label: p.label, members: await p.canaryMembers() }))),
      }),
    );
  }
  if (g.proxyStatus) {
    gates.push(
      proxyStatusGate({ config, ...g.proxyStatus, timeoutMs: g.proxyStatus.timeoutSeconds * 1000, intervalMs }),
    );
  }
  if (g.meshUpgrade) {
    gates.push(
      meshUpgradeGate({ config, ...g.meshUpgrade, timeoutMs: g.meshUpgrade.timeoutSeconds * 1000, intervalMs }),
    );
  }
  const ref = { revision: desired.revision, channels: () => ports.map((p) => p.label) };
  for (const m of g.prometheus ?? []) gates.push(prometheusGate(m, ref));
  for (const w of g.webhooks ?? []) if (w.kind !== "event") gates.push(webhookGate(w, ref));
  return gates;
}

/**
 * The failure the engine stores: the resource's id and outputs travel with it (`ErrorResourceInitFailed`). It
 * carries no `reasons`: the engine keeps them as the resource's init errors and then proposes an update on every
 * later preview until one succeeds, so state and code would never agree after an abort. The message is printed
 * instead (the engine shows the failure itself as "resource init failed").
 */
class RolloutFailure extends Error {
  readonly reasons: string[] = [];
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
  ) {
    super(message);
    this.name = "RolloutFailure";
    console.error(`error: ${message}`);
  }
}

async function execute(desired: RolloutState, prev: RolloutOutputs | undefined): Promise<RolloutResult> {
  const config = getProviderConfig();
  const ports = await Promise.all(desired.channels.map(openChannel));
  if (prev) {
    const live = seenOf(desired.channels, ports);
    const keyed = desired.channels.map((c) => ({ ...c, key: channelKey(c) }));
    // A run interrupted before its state was saved resumes (no jump); a fresh start must not jump.
    if (startPoint(heldOf(prev), desired.steps, keyed, live).from === "baseline") {
      checkBaselineJump(desired, prev.__run, live);
    }
  }
  const log = (line: string) => console.log(`[canary-mesh] CanaryRollout ${desired.revision}: ${line}`);
  const events = eventSink(
    (desired.gates.webhooks ?? []).filter((w) => w.kind === "event"),
    { revision: desired.revision, channels: () => ports.map((p) => p.label) },
    log,
  );
  try {
    return await runRollout(desired, prev, ports, gatesOf(desired, ports, config), {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      log,
      onEvent: async (event) => events.send(event),
    });
  } finally {
    await events.flush();
  }
}

/** Outputs for the engine, or the failure carrying them (with the stored provider, which the host adds only on success). */
function settle(id: string, result: RolloutResult, provider: unknown): RolloutOutputs {
  if (!result.failure) return result.outputs;
  throw new RolloutFailure(`CanaryRollout ${result.outputs.revision}: ${result.failure}`, id, {
    ...result.outputs,
    __provider: provider,
  });
}

type Stored = RolloutState & { __provider?: unknown };

export const canaryRolloutProvider = {
  check: kit.check,
  diff: kit.diff,

  async create(inputs: Stored): Promise<pulumi.dynamic.CreateResult> {
    const id = `rollout-${randomBytes(8).toString("hex")}`;
    const { __provider, ...desired } = inputs;
    return { id, outs: settle(id, await execute(desired, undefined), __provider) };
  },

  /** Refresh: the weights each channel's groups have now; a difference from the rollout's is drift. */
  async read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    const stored = kit.parseStored(props, id);
    const ports = await Promise.all(stored.channels.map(openChannel));
    const outs: RolloutOutputs = { ...stored, __seen: seenOf(stored.channels, ports) };
    const drifted = driftedChannels(outs);
    if (drifted.length > 0)
      outs.message = `weights changed outside the rollout on ${drifted.join(", ")}: the next pulumi up puts them back`;
    const inputs = Object.fromEntries(INPUT_KEYS.map((k) => [k, stored[k]]));
    return { id, props: outs, inputs };
  },

  async update(id: string, olds: unknown, news: Stored): Promise<pulumi.dynamic.UpdateResult> {
    const { __provider, ...desired } = news;
    return { outs: settle(id, await execute(desired, kit.parseStored(olds, id)), __provider) };
  },

  /** The weights stay as they are: deleting a rollout stops it, it does not move traffic. No API call. */
  async delete(_id: string, _props: unknown): Promise<void> {},
};

/**
 * One `pulumi up` of a rollout: asks the state machine (`machine.ts`) what to do, does it (weights through the
 * channel ports, gates through the gate interface), records it in the run, the history and the outputs, and asks
 * again, until the machine says stop or a gate fails. Time is a budget: every wait ends by the update's deadline.
 * The clock, sleep and ports are injected, so the whole loop runs in unit tests without sockets or wall time.
 */
import { dropUndefinedDeep } from "../core/normalize";
import { RolloutChannelPort, seenOf } from "./channels";
import { failed, Gate, judgeBefore, overall, describeVerdict, summarize } from "./gates";
import { byline, effectivePromote, effectiveRetry, intentProblem, promoteTarget } from "./intents";
import { decide, Held, startPoint, weightsOf } from "./machine";
import { APPLIED_LIMIT, channelKey, HISTORY_LIMIT, RolloutOutputs, RolloutState, Run } from "./state";
import type { GateVerdict, Phase, RolloutEvent, RolloutEventKind, RolloutIntent } from "./surface";

export interface RolloutRuntime {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** A progress line for the engine's log. */
  log(line: string): void;
  /** Every recorded event, as it happens (event hooks; must not throw). */
  onEvent?(event: RolloutEvent): Promise<void>;
}

export interface RolloutResult {
  outputs: RolloutOutputs;
  /** Set when the `up` must fail (an abort, a gate failure that paused, a write that failed): what to tell the user. */
  failure?: string;
  /** Weight writes made. */
  writes: number;
}

/** The longest the gates may take before a step, ms. */
export const gateBudget = (gates: readonly Gate[]) => Math.max(0, ...gates.map((g) => g.timeoutMs));

/** Runs the rollout for one update. `prev` is the stored outputs (none on create). */
export async function runRollout(
  desired: RolloutState,
  prev: RolloutOutputs | undefined,
  ports: readonly RolloutChannelPort[],
  gates: readonly Gate[],
  rt: RolloutRuntime,
): Promise<RolloutResult> {
  const started = rt.now();
  const deadline = started + desired.maxUpdateSeconds * 1000;
  const budget = gateBudget(gates);
  const steps = desired.steps;
  const intervalMs = desired.gates.intervalSeconds * 1000;
  let run: Run | undefined = prev?.__run;
  const history: RolloutEvent[] = [...(prev?.history ?? [])];
  const results = new Map<string, GateVerdict>((prev?.gateResults ?? []).map((v) => [v.gate, v]));
  let passed: number | undefined;
  let writes = 0;
  let nextStepAt: number | undefined;
  /** The step whose completion is recorded in this update. */
  let completed: number | undefined;
  /** The verdicts of the last check before a step, for its history entry. */
  let checked: readonly GateVerdict[] = [];

  const applied = [...(prev?.__applied ?? [])];
  const refused = [...(prev?.__refused ?? [])];
  let retry = effectiveRetry(desired.revision, desired.retry, run);
  /** A retry asked from the command line, for the `started` entry of the run it starts. */
  let retriedBy: RolloutIntent | undefined;

  const weightOf = (step: number) => weightsOf(steps, step).canary;
  const keyed = desired.channels.map((c) => ({ ...c, key: channelKey(c) }));
  const record = async (event: RolloutEventKind, step: number, detail: string, by?: RolloutIntent) => {
    const entry: RolloutEvent = {
      at: new Date(rt.now()).toISOString(),
      step,
      weight: weightOf(step),
      event,
      detail,
      ...(by ? { actor: by.actor, ...(by.reason ? { reason: by.reason } : {}) } : {}),
    };
    history.push(entry);
    rt.log(`${event} at step ${step} (canary ${entry.weight}%): ${detail}`);
    await rt.onEvent?.(entry);
  };
  const setRun = (patch: Partial<Run>) => {
    run = { ...run!, ...patch };
  };
  const moveTo = (step: number) =>
    setRun({ step, stepWeight: weightOf(step), since: rt.now(), pausedBy: undefined, reason: undefined });
  const set = async (step: number, keys: readonly string[]) => {
    const want = weightsOf(steps, step);
    const targets = ports.filter((p) => keys.includes(p.key));
    const settled = await Promise.allSettled(targets.map((p) => p.set(want)));
    settled.forEach((s) => s.status === "fulfilled" && (writes += s.value));
    const failed = settled.flatMap((s, i) =>
      s.status === "rejected" ? [`${targets[i]!.label}: ${(s.reason as Error).message}`] : [],
    );
    if (failed.length > 0) throw new StepWriteError(step, weightOf(step), failed);
  };
  /**
   * Every channel to its baseline, for an abort; says where the weights are. The run is aborted even when a write
   * fails: an aborted run holds its baseline, so the next up sets it and never steps on.
   */
  const toBaseline = async (): Promise<string> => {
    try {
      await set(
        -1,
        ports.map((p) => p.key),
      );
      moveTo(-1);
      return "every channel is back at its baseline (stable 100%, canary 0%)";
    } catch (err) {
      if (!(err instanceof StepWriteError)) throw err;
      moveTo(-1);
      return `${err.message.replace(/\. The next pulumi up.*$/, "")}; the next pulumi up sets it`;
    }
  };
  const outputs = (phase: Phase, message: string): RolloutOutputs => {
    const seen = seenOf(desired.channels, ports);
    const { __intent: _request, ...inputs } = desired;
    return dropUndefinedDeep({
      ...inputs,
      phase,
      step: run!.step,
      canaryWeight: weightOf(run!.step),
      message,
      ...(nextStepAt !== undefined ? { nextStepAt: new Date(nextStepAt).toISOString() } : {}),
      history: history.slice(-HISTORY_LIMIT),
      gateResults: [...results.values()],
      __seen: seen,
      __run: { ...run!, phase },
      __applied: applied.slice(-APPLIED_LIMIT),
      __refused: refused.slice(-APPLIED_LIMIT),
    });
  };
  const keep = (verdicts: readonly GateVerdict[]) => verdicts.forEach((v) => results.set(v.gate, v));

  /** A gate said no: abort (every channel to its baseline) or hold the weights, as `onGateFailure` says. */
  const gateFailed = async (
    step: number,
    during: boolean,
    verdicts: readonly GateVerdict[],
  ): Promise<RolloutResult> => {
    const bad = verdicts.filter(failed);
    const when = during ? `during the pause of step ${run!.step}` : `before step ${step}`;
    const why = bad.map(describeVerdict).join("; ");
    if (desired.onGateFailure === "abort") {
      const reason = `aborted ${when} (canary ${weightOf(during ? run!.step : step)}%): ${why}`;
      const back = await toBaseline();
      setRun({ phase: "Aborted", reason });
      await record("aborted", -1, reason);
      const message = `${reason}; ${back}. Raise retry to ${retry + 1} (or run canary-mesh rollout retry) to start revision ${desired.revision} again, or set a new revision`;
      setRun({ reason: message });
      return { outputs: outputs("Aborted", message), failure: message, writes };
    }
    const message = `paused ${when}: ${why}; the weights stay at step ${run!.step} (onGateFailure: pause), and the next pulumi up checks the gates again`;
    setRun({ phase: "Paused", pausedBy: "gate", reason: message });
    await record("paused", run!.step, message);
    return { outputs: outputs("Paused", message), failure: message, writes };
  };

  /** An operator's request not applied yet: applied once, before anything else, and recorded with who and why. */
  const applyIntent = async (intent: RolloutIntent) => {
    applied.push(intent.id);
    // A request for a release the program no longer makes is never applied to another.
    const problem =
      intent.revision !== desired.revision
        ? `it was asked for revision ${intent.revision}, and the program now releases ${desired.revision}`
        : intentProblem(intent, steps, run, desired.promote);
    if (problem) {
      refused.push({ id: intent.id, reason: problem });
      rt.log(`canary-mesh rollout ${intent.action} ${byline(intent)} not applied: ${problem}`);
      return;
    }
    if (intent.action === "abort") {
      const back = await toBaseline();
      const message = `aborted ${byline(intent)}; ${back}. Run canary-mesh rollout retry (or raise retry to ${retry + 1}) to start revision ${desired.revision} again, or set a new revision`;
      setRun({ phase: "Aborted", reason: message });
      await record("aborted", -1, `aborted ${byline(intent)}`, intent);
    } else if (intent.action === "retry") {
      retry = Math.max(retry, run!.retry + 1);
      retriedBy = intent;
    } else {
      const target = promoteTarget(steps, run!, desired.promote, intent.step)!;
      setRun({
        approved: target,
        approvedBy: intent.actor,
        ...(target === run!.step ? { promoted: Math.max(run!.promoted ?? -1, target) } : {}),
      });
      await record("promoted", target, `step ${target} approved past its pause ${byline(intent)}`, intent);
    }
  };

  try {
    const intent = desired.__intent;
    if (intent && !applied.includes(intent.id)) await applyIntent(intent);
    for (let turn = 0; turn < 10_000; turn++) {
      const action = decide({
        steps,
        revision: desired.revision,
        retry,
        promote: effectivePromote(desired.promote, run),
        run,
        live: ports.map((p) => p.weights()),
        now: rt.now(),
        deadline,
        gateBudget: budget,
        passed,
      });
      switch (action.kind) {
        case "start": {
          const from = startPoint(prev && heldOf(prev), steps, keyed, seenOf(desired.channels, ports));
          run = { revision: desired.revision, retry, phase: "Progressing", step: -1, stepWeight: 0, since: rt.now() };
          await record(
            "started",
            -1,
            `revision ${desired.revision}${retry ? ` (retry ${retry}${retriedBy ? ` ${byline(retriedBy)}` : ""})` : ""}`,
            retriedBy,
          );
          if (from.from === "resume") {
            moveTo(from.step);
            await record(
              "resumed",
              from.step,
              `the live weights are at step ${from.step}: an interrupted pulumi up of this revision reached it before its state was saved; its gates are checked again and its pause starts over`,
            );
          } else {
            await set(
              -1,
              ports.map((p) => p.key),
            );
            moveTo(-1);
          }
          break;
        }
        case "set": {
          const labels = ports
            .filter((p) => action.channels.includes(p.key))
            .map((p) => p.label)
            .join(", ");
          if (action.why === "step") {
            await set(action.step, action.channels);
            moveTo(action.step);
            setRun({ phase: "Progressing" });
            const judged = checked.length > 0 ? `; gates: ${checked.map(summarize).join(", ")}` : "";
            await record("step-started", action.step, `weights set on ${labels}${judged}`);
            checked = [];
          } else {
            const before = ports
              .filter((p) => action.channels.includes(p.key))
              .map(describeWeights)
              .join(", ");
            await set(action.step, action.channels);
            await record(
              action.why === "align" ? "resumed" : "restored",
              action.step,
              action.why === "align"
                ? `channels left ahead by an interrupted update brought back to step ${action.step}: ${before}`
                : `weights changed outside the rollout put back to step ${action.step}: ${before}`,
            );
          }
          break;
        }
        case "resume": {
          moveTo(action.step);
          await record(
            "resumed",
            action.step,
            `the live weights are at step ${action.step}: its gates are checked again and its pause starts over`,
          );
          break;
        }
        case "wait": {
          nextStepAt = action.until;
          rt.log(`step ${run!.step}: pausing until ${new Date(action.until).toISOString()}`);
          while (rt.now() < action.until) {
            await rt.sleep(Math.min(intervalMs, action.until - rt.now()));
            if (gates.length === 0) continue;
            const ctx = {
              step: run!.step,
              weight: weightOf(run!.step),
              now: rt.now,
              sleep: rt.sleep,
              cancelled: () => false,
            };
            const verdicts = (await Promise.all(gates.map((g) => g.during(ctx)))).filter(
              (v): v is GateVerdict => v !== undefined,
            );
            keep(verdicts);
            const o = overall(verdicts);
            if (o === "fail") return await gateFailed(run!.step, true, verdicts);
            if (o === "inconclusive") return await inconclusive(run!.step, verdicts);
          }
          nextStepAt = undefined;
          break;
        }
        case "check": {
          const current = run!.step;
          const pause = current >= 0 ? steps[current]!.pause : undefined;
          if (pause && "untilPromoted" in pause && (run!.promoted ?? -1) < current) {
            setRun({ promoted: current });
            const by =
              desired.promote >= current ? `promote is ${desired.promote}` : `approved by ${run!.approvedBy ?? "?"}`;
            await record("promoted", current, `${by}: past the pause of step ${current}`);
          }
          if (current >= 0 && completed !== current) {
            completed = current;
            await record("step-completed", current, pause ? "its pause is over" : "it has no pause");
          }
          if (gates.length === 0) {
            passed = action.step;
            break;
          }
          rt.log(`checking the gates before step ${action.step} (canary ${weightOf(action.step)}%)`);
          const verdicts = await judgeBefore(gates, {
            step: action.step,
            weight: weightOf(action.step),
            now: rt.now,
            sleep: rt.sleep,
          });
          keep(verdicts);
          checked = verdicts;
          for (const v of verdicts.filter((x) => x.dryRun && x.outcome !== "pass")) {
            rt.log(`dry run: ${describeVerdict(v)} (reported, not deciding)`);
          }
          const o = overall(verdicts);
          if (o === "pass") passed = action.step;
          else if (o === "inconclusive") return await inconclusive(action.step, verdicts);
          else return await gateFailed(action.step, false, verdicts);
          break;
        }
        case "stop": {
          const was = prev?.__run;
          const changed =
            !was ||
            was.phase !== action.phase ||
            was.pausedBy !== action.pausedBy ||
            was.step !== run!.step ||
            was.revision !== run!.revision ||
            was.retry !== run!.retry;
          setRun({ phase: action.phase, pausedBy: action.pausedBy, reason: action.message });
          nextStepAt = action.nextStepAt;
          if (changed && action.phase === "Paused") await record("paused", run!.step, action.message);
          if (changed && action.phase === "Completed") await record("completed", run!.step, action.message);
          return { outputs: outputs(action.phase, action.message), writes };
        }
      }
    }
    throw new Error("the rollout did not settle in 10000 turns (a bug: please report it)");
  } catch (err) {
    if (!(err instanceof StepWriteError) || !run) throw err;
    // An aborted or completed run stays so (the next up puts its weights back); any other is mid-step.
    const phase = run.phase === "Aborted" || run.phase === "Completed" ? run.phase : "Progressing";
    const message = phase === "Aborted" ? `${run.reason ?? "aborted"}; ${err.message}` : err.message;
    setRun({ phase, reason: message });
    return { outputs: outputs(phase, message), failure: message, writes };
  }

  async function inconclusive(step: number, verdicts: readonly GateVerdict[]): Promise<RolloutResult> {
    const why = verdicts
      .filter((v) => v.outcome === "inconclusive")
      .map(describeVerdict)
      .join("; ");
    const message = `paused at step ${run!.step}: inconclusive before step ${step}: ${why}; the next pulumi up checks the gates again`;
    setRun({ phase: "Paused", pausedBy: "gate", reason: message });
    await record("paused", run!.step, message);
    return { outputs: outputs("Paused", message), writes };
  }
}

/** A step's weights could not be written on every channel after retries: the step named, never a silent half-step. */
export class StepWriteError extends Error {
  constructor(step: number, weight: number, failures: string[]) {
    super(
      `${step < 0 ? "the baseline" : `step ${step} (canary ${weight}%)`} could not be set on every channel: ${failures.join("; ")}. The next pulumi up brings the channels to the lower step and continues`,
    );
    this.name = "StepWriteError";
  }
}

/** What a stored rollout holds, for `startPoint`. */
export function heldOf(o: RolloutOutputs): Held {
  return { channels: o.channels.map((c) => ({ ...c, key: channelKey(c) })), steps: o.steps, run: o.__run };
}

function describeWeights(p: RolloutChannelPort): string {
  const w = p.weights();
  return `${p.label} stable ${w.stable ?? "unset"} / canary ${w.canary ?? "unset"}`;
}

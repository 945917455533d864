/** `canary-mesh rollout status`: a stored rollout as text or JSON (never its gates' headers, which are secrets). */
import { effectivePromote } from "../rollout/intents";
import type { RolloutOutputs } from "../rollout/state";
import { channelWeights, nextAction, phaseLabel, planLine } from "../rollout/status";

const HISTORY_SHOWN = 8;
const pct = (n: number | null | undefined) => (n === null || n === undefined ? "unset" : `${n}%`);

export function rolloutStatus(o: RolloutOutputs, name: string, stack: string): string {
  const pad = (label: string) => `  ${label.padEnd(9)}`;
  const cont = " ".repeat(11);
  const lines = [`CanaryRollout ${name} · stack ${stack} · revision ${o.revision}`];
  lines.push(`${pad("phase")}${phaseLabel(o)}`);
  const of = o.steps.length - 1;
  lines.push(
    `${pad("step")}${o.step < 0 ? "baseline" : `${o.step} of ${of}`} · canary ${o.canaryWeight}% · stable ${100 - o.canaryWeight}%`,
  );
  lines.push(`${pad("plan")}${planLine(o.steps, o.promote, o.__run)}`);
  channelWeights(o).forEach((c, i) => {
    const live = c.seen
      ? `${c.stableGroup} ${pct(c.seen.stable)} · ${c.canaryGroup} ${pct(c.seen.canary)}`
      : `${c.stableGroup} ? · ${c.canaryGroup} ?`;
    const drift =
      c.seen && (c.seen.stable !== c.want.stable || c.seen.canary !== c.want.canary)
        ? ` (the rollout holds ${c.stableGroup} ${c.want.stable}% · ${c.canaryGroup} ${c.want.canary}%: the next pulumi up puts it back)`
        : "";
    lines.push(`${i === 0 ? pad("channels") : cont}${c.key}: ${live}${drift}`);
  });
  if (o.gateResults.length === 0) lines.push(`${pad("gates")}no verdict yet`);
  o.gateResults.forEach((v, i) => {
    const parts = [
      `${v.gate} ${v.outcome}${v.dryRun ? " (dry run)" : ""}`,
      v.measured,
      v.limit ? `limit ${v.limit}` : undefined,
      v.checks !== undefined && (v.checks > 1 || (v.failures ?? 0) > 0)
        ? `${v.failures ?? 0} of ${v.checks} checks failed`
        : undefined,
      v.at.slice(11, 19),
    ].filter(Boolean);
    lines.push(`${i === 0 ? pad("gates") : cont}${parts.join(" · ")}`);
  });
  lines.push(`${pad("message")}${o.message}`);
  lines.push(`${pad("next")}${nextAction(o, name).text}`);
  o.history.slice(-HISTORY_SHOWN).forEach((e, i) => {
    const who = e.actor ? ` by ${e.actor}${e.reason ? ` (${e.reason})` : ""}` : "";
    lines.push(
      `${i === 0 ? pad("history") : cont}${e.at.slice(0, 19).replace("T", " ")} ${e.event}${who} · step ${e.step} · ${e.weight}%`,
    );
  });
  return lines.join("\n") + "\n";
}

export function statusJson(o: RolloutOutputs, name: string, stack: string): string {
  const next = nextAction(o, name);
  return (
    JSON.stringify(
      {
        name,
        stack,
        revision: o.revision,
        phase: o.phase,
        pausedBy: o.__run.phase === "Paused" ? o.__run.pausedBy : undefined,
        step: o.step,
        canaryWeight: o.canaryWeight,
        steps: o.steps,
        promote: effectivePromote(o.promote, o.__run),
        channels: channelWeights(o),
        gateResults: o.gateResults,
        message: o.message,
        nextStepAt: o.nextStepAt,
        next: { kind: next.kind, text: next.text },
        history: o.history,
      },
      null,
      2,
    ) + "\n"
  );
}

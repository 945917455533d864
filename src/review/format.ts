/** The review as a pull-request comment (Markdown), plain text, or JSON. */
import { duration } from "../rollout/status";
import { ChannelReview, Review } from "./channels";
import { Finding } from "./guardrails";
import { RolloutReview } from "./rollouts";

export type Format = "markdown" | "json" | "text";
export const FORMATS: readonly Format[] = ["markdown", "json", "text"];

/** 0: clean (advisories allowed); 1: a mandatory rule failed. */
export function exitCode(review: Review): 0 | 1 {
  return review.findings.some((f) => f.severity === "mandatory") ? 1 : 0;
}

const pct = (n: number | undefined, unknown?: boolean) => (n === undefined ? (unknown ? "?" : "–") : `${n}%`);

function delta(before?: number, after?: number, minus = "−"): string {
  if (before === undefined || after === undefined) return "";
  const d = Math.round((after - before) * 10) / 10;
  return d === 0 ? "" : d > 0 ? `+${d}` : `${minus}${-d}`;
}

/** The one-line verdict; `markdown` adds the mark and bold that the text form leaves out. */
function verdict(review: Review, markdown: boolean): string {
  const mandatory = review.findings.filter((f) => f.severity === "mandatory").length;
  const advisory = review.findings.length - mandatory;
  const rollouts = review.rollouts.length;
  const channels = `${review.channels.length} channel${review.channels.length === 1 ? "" : "s"} changing${rollouts ? `, ${rollouts} rollout${rollouts === 1 ? "" : "s"}` : ""}`;
  const [mark, bold] = markdown ? [(m: string) => `${m} `, (t: string) => `**${t}**`] : [() => "", (t: string) => t];
  if (mandatory > 0) {
    const failed = bold(`${mandatory} mandatory rule${mandatory === 1 ? "" : "s"} failed`);
    return `${mark("❌")}${failed}${advisory ? `, ${advisory} advisory` : ""} · ${channels}`;
  }
  if (advisory > 0) {
    return `${mark("⚠️")}${advisory} advisory finding${advisory === 1 ? "" : "s"}, no mandatory rule failed · ${channels}`;
  }
  return `${mark("✅")}No rule failed · ${channels}`;
}

function memberLines(c: ChannelReview): string[] {
  const m = c.members;
  const parts: string[] = [];
  if (m.added.length) parts.push(`added ${m.added.join(", ")}`);
  if (m.removed.length) parts.push(`removed ${m.removed.join(", ")}`);
  if (m.reweighted.length) {
    parts.push(
      `re-weighted ${m.reweighted.map((r) => `${r.member} ${r.from ?? "unset"} → ${r.to ?? "unset"}`).join(", ")}`,
    );
  }
  if (m.disabled.length) parts.push(`disabled ${m.disabled.join(", ")}`);
  if (m.enabled.length) parts.push(`enabled ${m.enabled.join(", ")}`);
  return parts;
}

function healthLine(c: ChannelReview): string {
  const h = c.health;
  switch (h.change) {
    case "changed":
      return h.fields.map((f) => `${f.field} ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`).join(", ");
    case "removed":
      return "removed";
    case "added":
      return "added";
    case "unmanaged":
      return "no longer managed by this stack (left as it is live)";
    case "none":
      return "none";
    default:
      return "unchanged";
  }
}

function gateLine(c: ChannelReview, code: (s: string) => string): string {
  if (c.gates.length === 0) return "none";
  return c.gates
    .map((g) => {
      const what = g.waitsFor
        ? `waits for ${g.waitsFor}`
        : g.inPlan
          ? "has no waitFor: does not hold the change"
          : "unchanged (preview with --show-sames shows what it waits for)";
      return `${code(g.name)} (${g.type}) ${what}${g.state ? `; last seen ${g.state}` : ""}`;
    })
    .join("; ");
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "10% (pause 5 min) → 30% (waits for approval) → 100%". */
const stepsLine = (r: RolloutReview) =>
  (r.plan ?? [])
    .filter((p) => p.step >= 0)
    .map((p) => (p.then && p.then !== "completes" ? `${p.canary}% (${p.then})` : `${p.canary}%`))
    .join(" → ");

function worstLine(r: RolloutReview): string {
  if (!r.worstCase) return "not known until the update";
  const approvals = r.worstCase.approvals ? ` plus ${plural(r.worstCase.approvals, "approval")}` : "";
  return `${duration(r.worstCase.seconds)} (timed pauses and gate budgets)${approvals}; one pulumi up spends at most ${duration(r.maxUpdateSeconds)} (maxUpdateSeconds), the next up continues`;
}

/** The rollout in one line: the plan, its gates, its worst case and its channels. */
function summaryLine(r: RolloutReview): string {
  const gates = r.gates
    ? r.gates.length
      ? `gated on ${r.gates.map((g) => g.split(/[:( ]/)[0]).join(", ")}`
      : "no gates"
    : "gates not known";
  const worst = r.worstCase
    ? `at most ${duration(r.worstCase.seconds)}${r.worstCase.approvals ? ` + ${plural(r.worstCase.approvals, "approval")}` : ""}`
    : "";
  const channels = r.channels ? `channels ${r.channels.map((c) => c.channel).join(", ")}` : "";
  return [r.plan ? stepsLine(r) : "steps not known", gates, worst, channels].filter(Boolean).join(" · ");
}

function liveLine(r: RolloutReview): string | undefined {
  if (!r.live) return undefined;
  const at = r.live.step < 0 ? "the baseline" : `step ${r.live.step}`;
  return `${r.live.phase} at ${at} (canary ${r.live.canaryWeight}%), revision ${r.live.revision}`;
}

function groupsOf(r: RolloutReview, code: (s: string) => string): string {
  return (r.channels ?? [])
    .map((c) => `${code(c.channel)} (stable ${code(c.stableGroup ?? "?")}, canary ${code(c.canaryGroup ?? "?")})`)
    .join(", ");
}

function rolloutMarkdown(r: RolloutReview): string[] {
  const code = (s: string) => `\`${s}\``;
  const out = [
    `### ${code(r.resource)} — CanaryRollout, ${r.op}${r.revision ? `: revision ${code(r.revision)}` : ""}`,
    "",
  ];
  out.push(summaryLine(r), "");
  if (r.plan) {
    out.push("| step | canary | stable | then |", "|---|---:|---:|---|");
    const now = r.live && r.live.revision === r.revision ? r.live.step : undefined;
    for (const p of r.plan) {
      const label = p.step < 0 ? "baseline" : String(p.step);
      out.push(`| ${label}${now === p.step ? " ◀ live" : ""} | ${p.canary}% | ${p.stable}% | ${p.then} |`);
    }
    out.push("");
  }
  if (r.channels) out.push(`- **Channels:** ${groupsOf(r, code)}`);
  out.push(
    `- **Gates, before each step and during pauses:** ${r.gates ? (r.gates.length ? r.gates.join("; ") : "none") : "not known until the update"}`,
  );
  out.push(`- **Worst case:** ${worstLine(r)}`);
  const live = liveLine(r);
  if (live) out.push(`- **Live:** ${live}`);
  if (r.request) out.push(`- **Request:** ${r.request}`);
  out.push(`- **Next pulumi up:** ${r.next}`);
  for (const e of r.handEdits) {
    out.push(
      `- **Changed outside the rollout:** group ${code(e.group)} on ${code(e.channel)} is ${e.live ?? "unset"}${e.live === null ? "" : "%"} (the rollout holds ${e.held}%: the next pulumi up puts it back)`,
    );
  }
  for (const n of r.notes) out.push(`- _${n}_`);
  out.push("");
  return out;
}

function rolloutText(r: RolloutReview): string[] {
  const out = ["", `${r.resource} (CanaryRollout, ${r.op}${r.revision ? `: revision ${r.revision}` : ""})`];
  out.push(`  plan: ${summaryLine(r)}`);
  if (r.channels) out.push(`  channels: ${groupsOf(r, (s) => s)}`);
  for (const g of r.gates ?? []) out.push(`  gate: ${g}`);
  out.push(`  worst case: ${worstLine(r)}`);
  const live = liveLine(r);
  if (live) out.push(`  live: ${live}`);
  if (r.request) out.push(`  request: ${r.request}`);
  out.push(`  next up: ${r.next}`);
  for (const e of r.handEdits)
    out.push(`  changed outside the rollout: group ${e.group} on ${e.channel} ${e.live ?? "unset"} (holds ${e.held})`);
  for (const n of r.notes) out.push(`  note: ${n}`);
  return out;
}

const SEVERITY_MARK: Record<Finding["severity"], string> = { mandatory: "❌ mandatory", advisory: "⚠️ advisory" };
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function markdown(review: Review): string {
  const out = ["## Canary mesh review", ""];
  if (review.empty || review.channels.length + review.rollouts.length === 0) {
    out.push(review.empty ? "✅ No changes in this plan." : "✅ No channel traffic changes in this plan.", "");
    return out.join("\n");
  }
  out.push(verdict(review, true), "");
  const code = (s: string) => `\`${s}\``;
  for (const c of review.channels) {
    out.push(
      `### ${code(c.resource)} — ${c.kind}, ${c.op}${c.replaceReasons.length ? ` (${c.replaceReasons.join(", ")})` : ""}`,
      "",
    );
    if (c.shares.length > 0) {
      out.push("| traffic | before | after | change |", "|---|---:|---:|---:|");
      for (const s of c.shares) {
        out.push(
          `| ${s.kind} ${code(s.unit)} | ${pct(s.before, s.unknown)} | ${pct(s.after, s.unknown)} | ${delta(s.before, s.after)} |`,
        );
      }
      out.push("");
    }
    const members = memberLines(c);
    out.push(`- **Members:** ${members.length ? members.join("; ") : "unchanged"}`);
    out.push(`- **Health check:** ${healthLine(c)}`);
    out.push(`- **Gates:** ${gateLine(c, code)}`);
    for (const d of c.drift) out.push(`- **Drift:** ${d}`);
    for (const n of c.notes) out.push(`- _${n}_`);
    out.push("");
  }
  for (const r of review.rollouts) out.push(...rolloutMarkdown(r));
  if (review.findings.length > 0) {
    out.push("### Findings", "", "| severity | rule | finding |", "|---|---|---|");
    for (const f of review.findings) out.push(`| ${SEVERITY_MARK[f.severity]} | \`${f.rule}\` | ${cell(f.message)} |`);
    out.push("");
  }
  return out.join("\n");
}

function text(review: Review): string {
  if (review.empty || review.channels.length + review.rollouts.length === 0) {
    return review.empty ? "No changes in this plan.\n" : "No channel traffic changes in this plan.\n";
  }
  const out = [verdict(review, false)];
  for (const c of review.channels) {
    out.push(
      "",
      `${c.resource} (${c.kind}, ${c.op}${c.replaceReasons.length ? `: ${c.replaceReasons.join(", ")}` : ""})`,
    );
    for (const s of c.shares) {
      out.push(
        `  ${s.kind} ${s.unit}: ${pct(s.before, s.unknown)} -> ${pct(s.after, s.unknown)} ${delta(s.before, s.after)}`.trimEnd(),
      );
    }
    const members = memberLines(c);
    out.push(`  members: ${members.length ? members.join("; ") : "unchanged"}`);
    out.push(`  health check: ${healthLine(c)}`);
    out.push(`  gates: ${gateLine(c, (s) => s)}`);
    for (const d of c.drift) out.push(`  drift: ${d}`);
    for (const n of c.notes) out.push(`  note: ${n}`);
  }
  for (const r of review.rollouts) out.push(...rolloutText(r));
  if (review.findings.length > 0) {
    out.push("");
    for (const f of review.findings) out.push(`${f.severity.toUpperCase()} ${f.rule}: ${f.message}`);
  }
  return out.join("\n") + "\n";
}

function json(review: Review): string {
  const { channels, findings, empty, changeSummary } = review;
  return (
    JSON.stringify(
      {
        version: 1,
        exitCode: exitCode(review),
        empty,
        changeSummary,
        findings,
        channels: channels.map((c) => ({
          resource: c.resource,
          urn: c.urn,
          kind: c.kind,
          op: c.op,
          replaceReasons: c.replaceReasons,
          shares: c.shares,
          members: c.members,
          health: c.health,
          gates: c.gates,
          drift: c.drift,
          notes: c.notes,
          findings: c.findings,
        })),
        rollouts: review.rollouts.map((r) => ({
          resource: r.resource,
          urn: r.urn,
          op: r.op,
          revision: r.revision,
          channels: r.channels,
          plan: r.plan,
          gates: r.gates,
          worstCase: r.worstCase,
          maxUpdateSeconds: r.maxUpdateSeconds,
          live: r.live,
          request: r.request,
          next: r.next,
          changedOutside: r.handEdits,
          notes: r.notes,
          findings: r.findings,
        })),
      },
      null,
      2,
    ) + "\n"
  );
}

export function formatReview(review: Review, format: Format): string {
  return format === "json" ? json(review) : format === "text" ? text(review) : markdown(review);
}

/** The review as a pull-request comment (Markdown), plain text, or JSON. */
import { ChannelReview, Review } from "./channels";
import { Finding } from "./guardrails";

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
  const channels = `${review.channels.length} channel${review.channels.length === 1 ? "" : "s"} changing`;
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

const SEVERITY_MARK: Record<Finding["severity"], string> = { mandatory: "❌ mandatory", advisory: "⚠️ advisory" };
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function markdown(review: Review): string {
  const out = ["## Canary mesh review", ""];
  if (review.empty || review.channels.length === 0) {
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
  if (review.findings.length > 0) {
    out.push("### Findings", "", "| severity | rule | finding |", "|---|---|---|");
    for (const f of review.findings) out.push(`| ${SEVERITY_MARK[f.severity]} | \`${f.rule}\` | ${cell(f.message)} |`);
    out.push("");
  }
  return out.join("\n");
}

function text(review: Review): string {
  if (review.empty || review.channels.length === 0) {
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
      },
      null,
      2,
    ) + "\n"
  );
}

export function formatReview(review: Review, format: Format): string {
  return format === "json" ? json(review) : format === "text" ? text(review) : markdown(review);
}

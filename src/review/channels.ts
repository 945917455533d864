/**
 * Turns a preview plan into the review: one entry per channel (a `VpcChannel`, or a channel owned elsewhere whose
 * groups and members this plan changes through `VpcChannelMemberGroup` / `VpcChannelMembers`), with traffic shares
 * before → after, member and health-check changes, gates, drift found by `--refresh`, and the rules' findings.
 */
import { parseUrn, Plan, PlanStep, StepState } from "./preview";
import {
  ChangeOp,
  ChannelChange,
  defaultRulesConfig,
  evaluate,
  Finding,
  Gate,
  pairShares,
  RulesConfig,
} from "./guardrails";
import { containsUnknown } from "../core/unknowns";
import { dynamicType } from "../shim";
import { ChannelView, desiredView, isDict, liveView, MemberView, Share } from "./traffic";
import { ROLLOUT_TYPE, rolloutReview, RolloutReview, weightSetters } from "./rollouts";

export const CHANNEL_TYPE = dynamicType("canary-mesh/huawei/apig", "VpcChannel");
export const GROUP_TYPE = dynamicType("canary-mesh/huawei/apig", "VpcChannelMemberGroup");
const MEMBERS_TYPE = dynamicType("canary-mesh/huawei/apig", "VpcChannelMembers");
export const GATE_TYPES: Record<string, Gate["type"]> = {
  [dynamicType("canary-mesh/alibaba/asm", "ProxyStatusLookup")]: "ProxyStatusLookup",
  [dynamicType("canary-mesh/huawei/asm", "MeshUpgradeLookup")]: "MeshUpgradeLookup",
};

export interface MemberChanges {
  added: string[];
  removed: string[];
  reweighted: Array<{ member: string; from?: number; to?: number }>;
  disabled: string[];
  enabled: string[];
}

export interface HealthChange {
  change: "unchanged" | "added" | "changed" | "removed" | "unmanaged" | "none";
  fields: Array<{ field: string; from?: unknown; to?: unknown }>;
}

export interface ChannelReview extends ChannelChange {
  /** Resource type (`VpcChannel`, or `channel` for one assembled from its group and member resources). */
  kind: string;
  shares: Array<{ unit: string; kind: Share["kind"]; before?: number; after?: number; unknown?: boolean }>;
  members: MemberChanges;
  health: HealthChange;
  /** Changes that came from outside Pulumi (found by `preview --refresh`). */
  drift: string[];
  notes: string[];
  findings: Finding[];
}

export interface Review {
  channels: ChannelReview[];
  /** Every `CanaryRollout` the plan creates, changes or deletes (or shows, with `--show-sames`). */
  rollouts: RolloutReview[];
  findings: Finding[];
  /** Nothing in the plan changes (only `same` steps). */
  empty: boolean;
  changeSummary: Record<string, number>;
}

type Dict = Record<string, unknown>;
const inputsOf = (s?: StepState): Dict => (s?.inputs ?? {}) as Dict;
const outputsOf = (s?: StepState): Dict | undefined => s?.outputs as Dict | undefined;

/**
 * What a resource depends on after the step: the new state's dependencies (the key is absent when the program
 * declares none, which is how a removed `dependsOn` reads); a deleted resource's, its old ones.
 */
const dependenciesOf = (step: PlanStep): string[] => (step.new ? step.new.dependencies : step.old?.dependencies) ?? [];

/** The change a step makes; undefined for steps that change nothing a review reads (refresh, read, delete-replaced). */
const OPS: Record<string, ChangeOp> = {
  create: "create",
  "create-replacement": "replace",
  replace: "replace",
  update: "update",
  delete: "delete",
  same: "same",
};
const opOf = (step: PlanStep): ChangeOp | undefined => OPS[step.op];

/** What a gate lookup's `waitFor` holds a change for, e.g. "all proxies synced"; undefined when it holds nothing. */
export function gateWaitsFor(type: Gate["type"], waitFor: unknown): string | undefined {
  if (!isDict(waitFor)) return undefined;
  if (type === "ProxyStatusLookup") return waitFor.allSynced === true ? "all proxies synced" : undefined;
  const wanted = [waitFor.states, waitFor.phases].flatMap((v) => (Array.isArray(v) ? v.map(String) : []));
  return wanted.length > 0 ? wanted.join(" or ") : undefined;
}

function gateOf(urn: string, type: Gate["type"], step?: PlanStep): Gate {
  const { name } = parseUrn(urn);
  if (!step) return { name, type, inPlan: false };
  const waitsFor = gateWaitsFor(type, inputsOf(step.new ?? step.old).waitFor);
  const out = outputsOf(step.old) ?? {};
  let state: string | undefined;
  if (type === "ProxyStatusLookup") {
    if (typeof out.total === "number") state = `${String(out.syncedCount ?? "?")}/${out.total} proxies synced`;
  } else if (typeof out.state === "string") {
    state = `${out.state}${out.phase ? ` / ${String(out.phase)}` : ""}`;
  }
  return { name, type, inPlan: true, ...(waitsFor ? { waitsFor } : {}), ...(state ? { state } : {}) };
}

function memberChanges(before?: ChannelView, after?: ChannelView): MemberChanges {
  const b = before?.members ?? {};
  const a = after?.members ?? {};
  const label = (m: MemberView) => `${m.address}${m.group ? ` (${m.group})` : ""}`;
  const both = Object.keys(a).filter((k) => k in b);
  return {
    added: Object.keys(a)
      .filter((k) => !(k in b))
      .sort()
      .map((k) => label(a[k]!)),
    removed: Object.keys(b)
      .filter((k) => !(k in a))
      .sort()
      .map((k) => label(b[k]!)),
    reweighted: both
      .filter((k) => b[k]!.weight !== a[k]!.weight)
      .sort()
      .map((k) => ({
        member: label(a[k]!),
        ...(b[k]!.weight !== undefined ? { from: b[k]!.weight } : {}),
        ...(a[k]!.weight !== undefined ? { to: a[k]!.weight } : {}),
      })),
    disabled: both
      .filter((k) => b[k]!.enabled && !a[k]!.enabled)
      .sort()
      .map((k) => label(a[k]!)),
    enabled: both
      .filter((k) => !b[k]!.enabled && a[k]!.enabled)
      .sort()
      .map((k) => label(a[k]!)),
  };
}

const HEALTH_IGNORED = new Set(["id", "result"]);

/** The health-check fields that differ between two views (the computed id and result left out). */
function healthFields(b: Dict, a: Dict): HealthChange["fields"] {
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !HEALTH_IGNORED.has(k)).sort();
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((field) => ({ field, ...(field in b ? { from: b[field] } : {}), ...(field in a ? { to: a[field] } : {}) }));
}

function healthChange(change: ChannelChange): HealthChange {
  const b = change.before?.health?.fields;
  const a = change.after?.health?.fields;
  if (change.op === "update" && change.healthManaged.before && !change.healthManaged.after) {
    return { change: "unmanaged", fields: [] };
  }
  if (!b && !a) return { change: "none", fields: [] };
  if (!b) return { change: change.before ? "added" : "unchanged", fields: [] };
  if (!a) return { change: "removed", fields: [] };
  const fields = healthFields(b, a);
  return { change: fields.length > 0 ? "changed" : "unchanged", fields };
}

/** Live changes between two stored outputs of one resource: what `--refresh` found. */
function driftOf(type: string, stale: Dict | undefined, fresh: Dict | undefined): string[] {
  if (!stale || !fresh) return [];
  const lines: string[] = [];
  const was = liveView(stale)!;
  const now = liveView(fresh)!;
  if (type === GROUP_TYPE) {
    if (stale.weight !== fresh.weight)
      lines.push(`group ${String(fresh.name)} weight ${String(stale.weight)} → ${String(fresh.weight)}`);
    return lines;
  }
  const m = memberChanges(was, now);
  for (const r of m.reweighted) lines.push(`member ${r.member} weight ${r.from ?? "unset"} → ${r.to ?? "unset"}`);
  for (const x of m.added) lines.push(`member ${x} added`);
  for (const x of m.removed) lines.push(`member ${x} removed`);
  for (const x of m.disabled) lines.push(`member ${x} disabled`);
  for (const x of m.enabled) lines.push(`member ${x} enabled`);
  for (const name of Object.keys({ ...was.groups, ...now.groups }).sort()) {
    const [g0, g1] = [was.groups[name], now.groups[name]];
    if (!g0) lines.push(`group ${name} added`);
    else if (!g1) lines.push(`group ${name} removed`);
    else if (g0.weight !== g1.weight)
      lines.push(`group ${name} weight ${g0.weight ?? "unset"} → ${g1.weight ?? "unset"}`);
  }
  if (was.health && !now.health) lines.push("health check removed");
  if (was.health && now.health) {
    for (const f of healthFields(was.health.fields, now.health.fields)) {
      lines.push(`health check ${f.field} ${JSON.stringify(f.from)} → ${JSON.stringify(f.to)}`);
    }
  }
  return lines;
}

interface Slot {
  channel?: PlanStep;
  groups: PlanStep[];
  members: PlanStep[];
  label: string;
}

/** Which channel a group or members step belongs to: its vpcChannelId, or the VpcChannel it depends on. */
function channelKey(step: PlanStep, channelsByUrn: Map<string, string>): string {
  const id = inputsOf(step.new).vpcChannelId ?? inputsOf(step.old).vpcChannelId;
  if (typeof id === "string" && !containsUnknown(id)) return `id:${id}`;
  const dep = (step.new?.dependencies ?? []).find((d) => channelsByUrn.has(d));
  return dep ? channelsByUrn.get(dep)! : `urn:${step.urn}`;
}

function foldGroups(view: ChannelView, steps: PlanStep[], side: "before" | "after"): void {
  for (const step of steps) {
    const out = outputsOf(step.old);
    const op = opOf(step);
    if (side === "before") {
      if (out && op !== "create" && typeof out.name === "string") {
        view.groups[out.name] = { name: out.name, ...(typeof out.weight === "number" ? { weight: out.weight } : {}) };
      }
      continue;
    }
    if (out && typeof out.name === "string") delete view.groups[out.name];
    if (op === "delete") continue;
    const inputs = inputsOf(step.new);
    const name = typeof inputs.name === "string" ? inputs.name : String(out?.name ?? step.name);
    const weight = "weight" in inputs ? inputs.weight : out?.weight;
    view.groups[name] = { name, ...(typeof weight === "number" ? { weight } : {}) };
  }
}

function foldMembers(view: ChannelView, steps: PlanStep[], side: "before" | "after"): void {
  for (const step of steps) {
    const out = outputsOf(step.old);
    const op = opOf(step);
    const live = liveView(out ? { members: out.members } : undefined)?.members ?? {};
    if (side === "before") {
      if (op !== "create") Object.assign(view.members, live);
      continue;
    }
    for (const key of Object.keys(live)) delete view.members[key];
    if (op === "delete") continue;
    const desired = desiredView({ members: inputsOf(step.new).members ?? {} }, undefined, out);
    Object.assign(view.members, desired.members);
  }
}

function channelReview(slot: Slot, gatesByUrn: Map<string, PlanStep>, config: RulesConfig): ChannelReview | undefined {
  const main = slot.channel;
  const mainOp = main ? opOf(main) : undefined;
  const parts = [...slot.groups, ...slot.members];
  const changing = parts.filter((s) => opOf(s) !== "same" && opOf(s) !== undefined);
  if (mainOp === "same" && changing.length === 0) return undefined;
  if (!main && changing.length === 0) return undefined;

  const oldOut = outputsOf(main?.old);
  let op: ChangeOp = mainOp && mainOp !== "same" ? mainOp : "update";
  let before: ChannelView | undefined =
    main && mainOp !== "create" ? liveView(oldOut) : { groups: {}, members: {}, complete: false };
  let after: ChannelView | undefined;
  if (main && mainOp === "delete") after = undefined;
  else if (main && mainOp !== "same") {
    after = desiredView(
      inputsOf(main.new),
      mainOp === "update" ? before : undefined,
      mainOp === "update" ? oldOut : undefined,
    );
  } else {
    after = before ? { ...before, groups: { ...before.groups }, members: { ...before.members } } : undefined;
  }
  if (before && !main) before.complete = false;
  if (before) {
    before = { ...before, groups: { ...before.groups }, members: { ...before.members } };
    foldGroups(before, slot.groups, "before");
    foldMembers(before, slot.members, "before");
  }
  if (after) {
    foldGroups(after, slot.groups, "after");
    foldMembers(after, slot.members, "after");
    if (!main) after.complete = false;
  }
  if (!main && before && Object.keys(before.groups).length + Object.keys(before.members).length === 0) {
    // Everything of the channel this plan knows is new.
    op = "update";
  }

  const deps = new Set([main, ...parts].flatMap((s) => (s ? dependenciesOf(s) : [])));
  const gates = [...deps].sort().flatMap((urn) => {
    const type = GATE_TYPES[parseUrn(urn).type];
    return type ? [gateOf(urn, type, gatesByUrn.get(urn))] : [];
  });

  const change: ChannelChange = {
    resource: slot.label,
    urn: main?.urn ?? slot.label,
    op,
    replaceReasons: main?.replaceReasons ?? [],
    ...(before && mainOp !== "create" ? { before } : {}),
    ...(after ? { after } : {}),
    gates,
    healthManaged: {
      before: "healthCheck" in inputsOf(main?.old),
      after: "healthCheck" in inputsOf(main?.new),
    },
  };
  const notes: string[] = [];
  if (!main) {
    notes.push(
      "The channel itself is not in this plan: shares are over the groups and members the plan shows; run pulumi preview with --show-sames to include the rest of the channel.",
    );
  }
  const pairs = pairShares(change);
  return {
    ...change,
    kind: main ? "VpcChannel" : "channel",
    shares: pairs.map((p) => ({
      unit: p.unit,
      kind: p.kind,
      ...(p.before?.share !== undefined ? { before: p.before.share } : {}),
      ...(p.after?.share !== undefined ? { after: p.after.share } : {}),
      ...((p.before && p.before.share === undefined) || (p.after && p.after.share === undefined)
        ? { unknown: true }
        : {}),
    })),
    members: memberChanges(change.before, change.after),
    health: healthChange(change),
    drift: [],
    notes,
    findings: evaluate(change, config),
  };
}

const byResource = (a: { resource: string }, b: { resource: string }) =>
  a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;

/** The review of a plan. */
export function reviewPlan(plan: Plan, config: RulesConfig = defaultRulesConfig()): Review {
  const byUrn = new Map<string, PlanStep>();
  const refreshed = new Map<string, PlanStep>();
  for (const step of plan.steps) {
    if (step.op === "refresh") refreshed.set(step.urn, step);
    else if (!byUrn.has(step.urn) || opOf(step) !== undefined) byUrn.set(step.urn, step);
  }
  const steps = [...byUrn.values()].filter((s) => opOf(s) !== undefined);

  const slots = new Map<string, Slot>();
  const channelsByUrn = new Map<string, string>();
  for (const step of steps.filter((s) => s.type === CHANNEL_TYPE)) {
    const id = step.old?.id;
    const key = id ? `id:${id}` : `urn:${step.urn}`;
    channelsByUrn.set(step.urn, key);
    slots.set(key, { channel: step, groups: [], members: [], label: step.name });
  }
  for (const step of steps.filter((s) => s.type === GROUP_TYPE || s.type === MEMBERS_TYPE)) {
    const key = channelKey(step, channelsByUrn);
    if (!slots.has(key)) {
      slots.set(key, { groups: [], members: [], label: `channel ${key.replace(/^(id|urn):/, "")}` });
    }
    const slot = slots.get(key)!;
    (step.type === GROUP_TYPE ? slot.groups : slot.members).push(step);
  }

  const channels: ChannelReview[] = [];
  for (const slot of slots.values()) {
    const review = channelReview(slot, byUrn, config);
    if (!review) continue;
    for (const step of [slot.channel, ...slot.groups, ...slot.members]) {
      const refresh = step && refreshed.get(step.urn);
      if (!step || !refresh) continue;
      const lines = driftOf(step.type, outputsOf(refresh.old), outputsOf(step.old));
      review.drift.push(...lines.map((l) => `changed outside Pulumi: ${l}`));
    }
    channels.push(review);
  }
  channels.sort(byResource);
  const setters = weightSetters(steps, CHANNEL_TYPE, GROUP_TYPE);
  const rollouts = steps
    .filter((s) => s.type === ROLLOUT_TYPE && opOf(s) !== "same")
    .map((s) => rolloutReview(s, opOf(s)!, setters, config))
    .sort(byResource);
  const changing = plan.steps.filter((s) => s.op !== "same" && s.op !== "refresh" && s.op !== "read");
  return {
    channels,
    rollouts,
    findings: [...channels.flatMap((c) => c.findings), ...rollouts.flatMap((r) => r.findings)],
    empty: changing.length === 0,
    changeSummary: plan.changeSummary,
  };
}

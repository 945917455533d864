/**
 * A channel's traffic as a review sees it: groups and members with their weights, turned into shares of the
 * channel's traffic. The gateway splits traffic between member groups by group weight (only groups with a member
 * that can serve count) and inside a group by member weight; a channel without groups splits by member weight.
 * Reads the states of a preview step: stored outputs hold the channel as it was live at the last up or refresh,
 * inputs hold only what the program manages (a field left unset keeps its live value).
 */
export interface MemberView {
  key: string;
  /** `host` or the ECS id. */
  address: string;
  group?: string;
  /** Undefined: not known before apply (unset on a new member, or computed). */
  weight?: number;
  /** `status` is not `unavailable`. */
  enabled: boolean;
  isBackup: boolean;
}

export interface GroupView {
  name: string;
  weight?: number;
}

export interface HealthView {
  fields: Record<string, unknown>;
}

export interface ChannelView {
  groups: Record<string, GroupView>;
  members: Record<string, MemberView>;
  health?: HealthView;
  /** False when only part of the channel is known (groups owned by resources outside this plan). */
  complete: boolean;
}

/** A unit of traffic: a group, or a member of a channel without groups. */
export interface Share {
  unit: string;
  kind: "group" | "member";
  /** Percentage points, 0–100; undefined when a weight is unknown. */
  share?: number;
  weight?: number;
  members: number;
  activeMembers: number;
}

type Dict = Record<string, unknown>;

const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
export { isDict };
const dictOf = (v: unknown): Record<string, Dict> =>
  isDict(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, Dict] => isDict(e[1]))) : {};
const visible = (d: Dict): Dict => Object.fromEntries(Object.entries(d).filter(([k]) => !k.startsWith("__")));

function member(key: string, m: Dict, live?: Dict): MemberView {
  const pick = (f: string) => (f in m ? m[f] : live?.[f]);
  const address = String(m.host ?? m.ecsId ?? live?.host ?? live?.ecsId ?? key);
  const group = pick("groupName");
  return {
    key,
    address,
    ...(typeof group === "string" ? { group } : {}),
    ...(num(pick("weight")) !== undefined ? { weight: num(pick("weight")) } : {}),
    enabled: pick("status") !== "unavailable",
    isBackup: pick("isBackup") === true,
  };
}

function groups(desired: Record<string, Dict>, live: Record<string, Dict> = {}): Record<string, GroupView> {
  return Object.fromEntries(
    Object.entries(desired).map(([name, g]) => {
      const weight = num("weight" in g ? g.weight : live[name]?.weight);
      return [name, weight === undefined ? { name } : { name, weight }];
    }),
  );
}

function members(desired: Record<string, Dict>, live: Record<string, Dict> = {}): Record<string, MemberView> {
  return Object.fromEntries(Object.entries(desired).map(([key, m]) => [key, member(key, m, live[key])]));
}

/** The channel as stored outputs say it was live. */
export function liveView(outputs: Dict | undefined): ChannelView | undefined {
  if (!outputs) return undefined;
  const health = isDict(outputs.healthCheck) ? { fields: visible(outputs.healthCheck) } : undefined;
  return {
    groups: groups(dictOf(outputs.memberGroups)),
    members: members(dictOf(outputs.members)),
    ...(health ? { health } : {}),
    complete: true,
  };
}

/**
 * The channel after the step. `base`: the live channel the inputs apply to (an update), or undefined for a new
 * channel (create, replace). Blocks the inputs leave out stay as they are live.
 */
export function desiredView(inputs: Dict, base: ChannelView | undefined, baseOutputs?: Dict): ChannelView {
  const liveGroups = dictOf(baseOutputs?.memberGroups);
  const liveMembers = dictOf(baseOutputs?.members);
  const view: ChannelView = {
    groups: "memberGroups" in inputs ? groups(dictOf(inputs.memberGroups), liveGroups) : { ...(base?.groups ?? {}) },
    members: "members" in inputs ? members(dictOf(inputs.members), liveMembers) : { ...(base?.members ?? {}) },
    complete: base?.complete ?? true,
  };
  if (isDict(inputs.healthCheck)) {
    const live = isDict(baseOutputs?.healthCheck) ? visible(baseOutputs.healthCheck) : {};
    view.health = { fields: { ...live, ...visible(inputs.healthCheck) } };
  } else if (base?.health && !("healthCheck" in inputs)) {
    view.health = base.health;
  }
  return view;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A member that takes traffic: enabled, and not a backup (those serve only when the others fail). */
const serves = (m: MemberView) => m.enabled && !m.isBackup;

/** Shares of the channel's traffic per group (or per member when the channel has no groups). */
export function shares(view: ChannelView): Share[] {
  const all = Object.values(view.members);
  const active = (ms: MemberView[]) => ms.filter(serves);
  const names = Object.keys(view.groups);
  if (names.length > 0) {
    const rows = names.sort().map((name) => {
      const inGroup = all.filter((m) => m.group === name);
      return { name, weight: view.groups[name]!.weight, members: inGroup.length, active: active(inGroup).length };
    });
    // Members owned outside the plan are not known: a group without known members is taken as serving.
    const serving = rows.filter((r) => r.active > 0 || (!view.complete && r.members === 0));
    const unknown = serving.some((r) => r.weight === undefined);
    const total = serving.reduce((sum, r) => sum + (r.weight ?? 0), 0);
    return rows.map((r) => ({
      unit: r.name,
      kind: "group" as const,
      ...(r.weight !== undefined ? { weight: r.weight } : {}),
      members: r.members,
      activeMembers: r.active,
      ...(unknown ? {} : { share: !serving.includes(r) || total === 0 ? 0 : round((100 * (r.weight ?? 0)) / total) }),
    }));
  }
  const serving = active(all);
  const unknown = serving.some((m) => m.weight === undefined);
  const total = serving.reduce((sum, m) => sum + (m.weight ?? 0), 0);
  return all
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((m) => {
      const on = serves(m);
      return {
        unit: m.address,
        kind: "member" as const,
        ...(m.weight !== undefined ? { weight: m.weight } : {}),
        members: 1,
        activeMembers: on ? 1 : 0,
        ...(unknown ? {} : { share: !on || total === 0 ? 0 : round((100 * (m.weight ?? 0)) / total) }),
      };
    });
}

/** Members that can serve traffic (enabled, not a backup). */
export function activeCount(view: ChannelView, group?: string): number {
  return Object.values(view.members).filter((m) => serves(m) && (group === undefined || m.group === group)).length;
}

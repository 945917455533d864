/**
 * `VpcChannel` validation and diff, pure. `validateChannel` applies the input schema and the rules that span
 * fields, every problem at once, before any API call. `diffChannel` compares what the user manages (desired
 * fields that are set) with the live channel, so computed fields and console values of unmanaged fields never count,
 * and decides update vs replace.
 */
import { InputFailure } from "../core/errors";
import { containsUnknown, schemaFailures, UNKNOWN } from "../core/unknowns";
import { MemberGroupInput, MemberInput, VpcChannelInput, VpcChannelInputSchema } from "./args";
import { ChannelOutputs, channelTypeOf, COMPUTED_KEYS, LiveChannel, memberKey } from "./state";

// ---------------------------------------------------------------- validation

export interface ValidationResult {
  input?: VpcChannelInput;
  failures: InputFailure[];
}

/**
 * Validates raw inputs: the schema, then rules that span fields. Problems under a value that is unknown during
 * preview are not reported (the value is checked again once known).
 */
export function validateChannel(raw: Record<string, unknown>): ValidationResult {
  const { __provider: _p, ...rest } = raw;
  const parsed = VpcChannelInputSchema.safeParse(rest);
  if (!parsed.success) return { failures: schemaFailures(parsed.error, rest, "VpcChannelArgs") };
  return { input: parsed.data, failures: crossFieldFailures(parsed.data) };
}

function crossFieldFailures(input: VpcChannelInput): InputFailure[] {
  const failures: InputFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const channelType = channelTypeOf(input);
  const memberType = input.memberType ?? "ecs";
  if (input.type !== undefined && input.channelType !== undefined) {
    fail("type", "type conflicts with channelType: set only channelType (type is the legacy form)");
  }
  if (input.adopt && input.adoptId) fail("adoptId", "adoptId and adopt: true are alternatives; set one");
  const nacos = input.microservice?.serviceType === "NACOS";
  if (input.microservice && channelType !== "microservice") {
    fail("microservice", `microservice is allowed only when channelType is microservice (it is ${channelType})`);
  }
  if (channelType === "microservice" && !input.microservice) {
    fail("microservice", "microservice is required when channelType is microservice");
  }

  const groupNames = new Set<string>();
  (input.memberGroups ?? []).forEach((g: MemberGroupInput, i) => {
    const at = `memberGroups[${i}]`;
    if (groupNames.has(g.name)) fail(`${at}.name`, `group name "${g.name}" is used twice; group names must be unique`);
    groupNames.add(g.name);
    if (nacos && g.weight !== undefined)
      fail(`${at}.weight`, "group weight cannot be set for NACOS microservice channels");
    if (channelType !== "microservice") {
      for (const k of ["microserviceVersion", "microservicePort", "microserviceLabels"] as const) {
        if (g[k] !== undefined) fail(`${at}.${k}`, `${k} is allowed only when channelType is microservice`);
      }
    }
    if (g.referenceVpcChannelId !== undefined && channelType !== "reference") {
      fail(`${at}.referenceVpcChannelId`, "referenceVpcChannelId is allowed only when channelType is reference");
    }
  });

  const seen = new Map<string, number>();
  (input.members ?? []).forEach((m: MemberInput, i) => {
    const at = `members[${i}]`;
    if (memberType === "ip") {
      if (!m.host) fail(`${at}.host`, 'host is required when memberType is "ip"');
      if (m.ecsId !== undefined || m.ecsName !== undefined)
        fail(`${at}.ecsId`, 'ecsId and ecsName are only for memberType "ecs"');
    } else {
      if (!m.ecsId)
        fail(
          `${at}.ecsId`,
          'ecsId is required when memberType is "ecs" (the default); set memberType: "ip" for members given by address',
        );
      if (!m.ecsName) fail(`${at}.ecsName`, 'ecsName is required when memberType is "ecs"');
    }
    if (m.groupName !== undefined && input.memberGroups !== undefined && !groupNames.has(m.groupName)) {
      fail(`${at}.groupName`, `group "${m.groupName}" is not one of memberGroups`);
    }
    const key = memberKey({ ...m, port: m.port ?? input.port });
    const previous = seen.get(key);
    if (previous !== undefined)
      fail(at, `duplicates members[${previous}] (same group, ${memberType === "ip" ? "host" : "ecsId"} and port)`);
    else seen.set(key, i);
  });
  if (channelType === "reference" && input.members && input.members.length > 0) {
    fail("members", "members are not used by reference channels; list the referenced channels in memberGroups");
  }
  return failures;
}

// ---------------------------------------------------------------- diff

const REPLACE_FIELDS = ["instanceId", "projectId", "region", "channelType"] as const;
const UPDATE_FIELDS = ["name", "port", "balanceStrategy", "memberType"] as const;

export interface ChannelDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Human-readable property paths that differ (for logs and tests). */
  changed: string[];
}

/** Compares `desired` fields that are set against `actual`; computed fields never count. */
function diffEntry(path: string, actual: unknown, desired: unknown, out: string[]): void {
  if (desired === undefined) return;
  // The APIs report an unset string as "" or leave it out: an empty desired string matches either.
  if (desired === "" && (actual === undefined || actual === null || actual === "")) return;
  if (desired === UNKNOWN) {
    out.push(path);
    return;
  }
  if (desired !== null && typeof desired === "object" && !Array.isArray(desired)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      out.push(path);
      return;
    }
    for (const [k, v] of Object.entries(desired)) {
      if (!COMPUTED_KEYS.has(k)) diffEntry(path ? `${path}.${k}` : k, (actual as Record<string, unknown>)[k], v, out);
    }
    return;
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(actual) || actual.length !== desired.length) {
      out.push(path);
      return;
    }
    desired.forEach((v, i) => diffEntry(`${path}[${i}]`, actual[i], v, out));
    return;
  }
  if (actual !== desired) out.push(path);
}

/** True when a field `desired` sets differs from `actual` (computed fields never count; "" matches unset). */
export function differs(actual: unknown, desired: unknown): boolean {
  const out: string[] = [];
  diffEntry("", actual, desired, out);
  return out.length > 0;
}

/** Compares two keyed maps: keys added or removed, then each entry's managed fields. */
export function diffKeyed(path: string, actual: unknown, desired: unknown, out: string[]): void {
  if (desired === undefined) return;
  if (desired === UNKNOWN || containsUnknown(desired) || Array.isArray(desired) || typeof desired !== "object") {
    out.push(path);
    return;
  }
  const a = actual && typeof actual === "object" ? (actual as Record<string, unknown>) : {};
  const d = desired as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!(key in d)) out.push(`${path}["${key}"]`);
  for (const [key, value] of Object.entries(d)) {
    if (!(key in a)) out.push(`${path}["${key}"]`);
    else diffEntry(`${path}["${key}"]`, a[key], value, out);
  }
}

/**
 * `olds` are the last known live outputs (after refresh: the refreshed ones), `news` the desired inputs (during
 * preview they may hold unknowns; on refresh they are the inputs the last read stored). Only what the user manages counts; blocks left out of `news` are not managed.
 */
export function diffChannel(olds: Partial<ChannelOutputs>, news: Partial<LiveChannel>): ChannelDiff {
  const replaces: string[] = [];
  for (const field of REPLACE_FIELDS) {
    const desired = news[field];
    if (desired === undefined) continue;
    if (desired === UNKNOWN || (olds[field] !== undefined && olds[field] !== desired)) replaces.push(field);
  }
  const changed: string[] = [...replaces];
  for (const field of UPDATE_FIELDS) diffEntry(field, olds[field], news[field], changed);
  diffKeyed("members", olds.members, news.members, changed);
  diffKeyed("memberGroups", olds.memberGroups, news.memberGroups, changed);
  diffEntry("healthCheck", olds.healthCheck, news.healthCheck, changed);
  diffEntry("microservice", olds.microservice, news.microservice, changed);
  const sameName = news.name !== UNKNOWN && news.name === olds.name;
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && sameName,
    changed,
  };
}

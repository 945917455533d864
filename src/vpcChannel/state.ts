/**
 * What a `VpcChannel` keeps in state, as zod schemas with the types inferred from them:
 * - the desired state `check` returns (stored as inputs): members and groups keyed by identity, defaults filled in;
 * - the outputs create, update and read return: the live channel with computed fields, in which a value from the
 *   cloud this release has no name for is kept as it came (never turned into a default);
 * and the pure steps between them: normalisation of validated input, and outputs from a live read (the inputs a
 * refresh stores are `refresh.ts`'s). Stored outputs are parsed when read back (`parseStoredOutputs`), so state
 * written by an earlier release, or damaged, gives a clear error instead of a crash.
 */
import { z } from "zod";
import { withoutUndefined } from "../core/normalize";
import { plainChecker } from "../core/plainSchema";
import { parseStored } from "../core/providerKit";
import { channelTypeOf, HealthCheckInput, strategyOf, VpcChannelInput } from "./args";
import {
  BALANCE_STRATEGIES,
  CHANNEL_TYPES,
  HEALTH_METHODS,
  HEALTH_PROTOCOLS,
  HEALTH_RESULTS,
  MEMBER_STATUSES,
  MEMBER_TYPES,
} from "./enums";
import { FieldSets, fieldSets, memberKey, memberStatus } from "./fields";
import { MicroserviceInputSchema } from "./microserviceArgs";
import type { GroupState, HealthState, LiveChannel, MemberState, MicroserviceState, Reported } from "./outputs";

export type { GroupState, HealthState, LiveChannel, MemberState, MicroserviceState } from "./outputs";

/** `A` and `B` are the same type (a schema's inferred type and the public one it must match). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// ---------------------------------------------------------------- blocks and the channel's own fields

export const BLOCKS = ["members", "memberGroups", "healthCheck", "microservice"] as const;
/** A block a resource manages when it sets it (left out: kept as it is live). */
export type Block = (typeof BLOCKS)[number];

/** The channel's own fields: updated in place, and only by the channel PUT. */
export const OWN_FIELDS = ["name", "port", "balanceStrategy", "memberType"] as const;

// ---------------------------------------------------------------- desired state (stored inputs)

export const DesiredMemberSchema = z.object({
  host: z.string().optional(),
  ecsId: z.string().optional(),
  ecsName: z.string().optional(),
  port: z.number(),
  weight: z.number().optional(),
  isBackup: z.boolean().optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  groupName: z.string().optional(),
});

/** A member as the desired state holds it: fields left unset are not managed. */
export type DesiredMember = z.infer<typeof DesiredMemberSchema>;

const DesiredGroupSchema = z.object({
  name: z.string(),
  remark: z.string().optional(),
  weight: z.number().optional(),
  microserviceVersion: z.string().optional(),
  microservicePort: z.number().optional(),
  microserviceLabels: z.record(z.string()).optional(),
  referenceVpcChannelId: z.string().optional(),
});

const DesiredHealthSchema = z.object({
  protocol: z.enum(HEALTH_PROTOCOLS),
  path: z.string().optional(),
  method: z.enum(HEALTH_METHODS).optional(),
  port: z.number().optional(),
  thresholdNormal: z.number(),
  thresholdAbnormal: z.number(),
  interval: z.number(),
  timeout: z.number(),
  httpCodes: z.string().optional(),
  enableClientSsl: z.boolean().optional(),
});

const placement = {
  instanceId: z.string(),
  projectId: z.string(),
  region: z.string(),
  adopt: z.boolean().optional(),
  adoptId: z.string().optional(),
};

export const ChannelStateSchema = z.object({
  ...placement,
  name: z.string(),
  port: z.number(),
  balanceStrategy: z.enum(BALANCE_STRATEGIES),
  memberType: z.enum(MEMBER_TYPES),
  channelType: z.enum(CHANNEL_TYPES),
  members: z.record(DesiredMemberSchema).optional(),
  memberGroups: z.record(DesiredGroupSchema).optional(),
  healthCheck: DesiredHealthSchema.optional(),
  microservice: MicroserviceInputSchema.optional(),
});
/** Normalised desired state: what `check()` returns and the engine stores as inputs. */
export type ChannelState = z.infer<typeof ChannelStateSchema>;

// ---------------------------------------------------------------- outputs (the live channel)

/** A value the cloud names: one of `values`, or a name this release does not know, kept as it came. */
const live = <T extends string>(values: readonly T[]) =>
  z.custom<Reported<T>>((v) => typeof v === "string", {
    message: `expected a string such as ${values.join(", ")}`,
  });

export const MemberStateSchema = DesiredMemberSchema.extend({
  /** Computed: member id. */
  id: z.string().optional(),
  /** Computed: `unknown`, `healthy` or `unhealthy`. */
  healthStatus: z.string().optional(),
});
true satisfies Same<z.infer<typeof MemberStateSchema>, MemberState>;

export const GroupStateSchema = DesiredGroupSchema.extend({ id: z.string().optional() });
true satisfies Same<z.infer<typeof GroupStateSchema>, GroupState>;

export const HealthStateSchema = DesiredHealthSchema.extend({
  protocol: live(HEALTH_PROTOCOLS),
  method: live(HEALTH_METHODS).optional(),
  /** Missing only when the service did not report it and nothing was known before. */
  timeout: z.number().optional(),
  /** Computed: health-check id. */
  id: z.string().optional(),
  /** Computed: the health-check result the gateway reports, `available` or `unavailable` (API 1, 2). */
  result: live(HEALTH_RESULTS).optional(),
});
true satisfies Same<z.infer<typeof HealthStateSchema>, HealthState>;

const liveText = z.string();
export const MicroserviceStateSchema = z.object({
  serviceType: z.string(),
  cse: z.object({ engineId: liveText, serviceId: liveText }).optional(),
  cce: z
    .object({
      clusterId: liveText,
      namespace: liveText,
      workloadType: liveText.optional(),
      appName: liveText.optional(),
      labelKey: liveText.optional(),
      labelValue: liveText.optional(),
    })
    .optional(),
  cceService: z.object({ clusterId: liveText, namespace: liveText, serviceName: liveText }).optional(),
  nacos: z
    .object({
      namespace: liveText.optional(),
      clusterName: liveText.optional(),
      groupName: liveText.optional(),
      serviceName: liveText,
      servers: z.array(z.object({ ipAddress: liveText, port: z.number(), grpcPort: z.number().optional() })),
      user: z.object({ userName: liveText, password: liveText }),
    })
    .optional(),
});
true satisfies Same<z.infer<typeof MicroserviceStateSchema>, MicroserviceState>;

export const ChannelOutputsSchema = z.object({
  ...placement,
  name: z.string(),
  port: z.number(),
  /** A code this release has no name for is kept as the number the service reported. */
  balanceStrategy: z.union([live(BALANCE_STRATEGIES), z.number()]),
  memberType: z.enum(MEMBER_TYPES),
  /** Absent only when the service reported no type and none was known before. */
  channelType: live(CHANNEL_TYPES).optional(),
  members: z.record(MemberStateSchema).optional(),
  memberGroups: z.record(GroupStateSchema).optional(),
  healthCheck: HealthStateSchema.optional(),
  microservice: MicroserviceStateSchema.optional(),
  /** `normal` or `abnormal`. */
  status: z.string().optional(),
  createTime: z.string().optional(),
  /** Blocks this resource manages (hidden from diffs by its `__` prefix). */
  __managed: z.array(z.enum(BLOCKS)),
  /** Fields the user sets inside them (see `fieldSets`); absent in state written before 0.2. */
  __fields: z
    .object({
      members: z.record(z.array(z.string())).optional(),
      memberGroups: z.record(z.array(z.string())).optional(),
      healthCheck: z.array(z.string()).optional(),
    })
    .optional() satisfies z.ZodType<FieldSets | undefined>,
});
/** What create/update/read return: the live channel, plus computed fields and which blocks are managed. */
export type ChannelOutputs = z.infer<typeof ChannelOutputsSchema>;
true satisfies Same<Omit<ChannelOutputs, "__managed" | "__fields">, LiveChannel>;

const plainMember = plainChecker(MemberStateSchema);
const OutputsWithoutMembers = ChannelOutputsSchema.omit({ members: true });

/**
 * `parseStoredOutputs` for `diff`, which only reads: members that pass the exact cheap test are taken as they are
 * (not copied); anything else goes through the full parse, with its error.
 */
export function readStoredOutputs(props: unknown, id: string): ChannelOutputs {
  const { __provider: _p, members, ...raw } = (props ?? {}) as Record<string, unknown>;
  const plain =
    plainMember !== undefined &&
    (members === undefined ||
      (typeof members === "object" && members !== null && Object.values(members).every(plainMember)));
  if (plain) {
    const rest = OutputsWithoutMembers.safeParse(raw);
    if (rest.success) {
      return members === undefined ? rest.data : { ...rest.data, members: members as ChannelOutputs["members"] };
    }
  }
  return parseStoredOutputs(props, id);
}

/** Stored outputs, parsed (see `core/providerKit`). */
export const parseStoredOutputs = parseStored(ChannelOutputsSchema, "VpcChannel");

// ---------------------------------------------------------------- normalisation (input → desired state)

/**
 * Inputs stored by an earlier release, read as today's: up to 0.1 the health-check result was taken for a setting
 * and stored as `healthCheck.status` (`enabled`); it is not an input. A refresh compares stored inputs too.
 */
export function migrateStoredInputs<T extends { healthCheck?: object }>(inputs: T): T {
  const health = inputs.healthCheck as Record<string, unknown> | undefined;
  if (!health || !("status" in health)) return inputs;
  const { status: _status, ...rest } = health;
  return { ...inputs, healthCheck: rest };
}

/** Fields left unset stay unset: on update they keep their live value (a console edit is never reset). */
function normalizeHealth(hc: HealthCheckInput, channelPort: number): NonNullable<ChannelState["healthCheck"]> {
  return withoutUndefined({
    protocol: hc.protocol,
    path: hc.path,
    method: hc.method,
    // 0 means the channel port, which is what the service reports for it.
    port: hc.port === 0 ? channelPort : hc.port,
    thresholdNormal: hc.thresholdNormal,
    thresholdAbnormal: hc.thresholdAbnormal,
    interval: hc.interval,
    timeout: hc.timeout,
    httpCodes: hc.httpCodes?.replace(/\s+/g, ""),
    enableClientSsl: hc.enableClientSsl,
  });
}

/** Validated input → normalised desired state. */
export function normalizeChannel(
  input: VpcChannelInput,
  resolved: { projectId: string; region: string },
): ChannelState {
  const state: ChannelState = {
    instanceId: input.instanceId,
    projectId: resolved.projectId,
    region: resolved.region,
    name: input.name,
    port: input.port,
    balanceStrategy: strategyOf(input.balanceStrategy ?? "roundRobin")!,
    memberType: input.memberType ?? "ecs",
    channelType: channelTypeOf(input),
  };
  // Keyed maps in program order: the engine keeps properties as maps, which it stores and shows sorted, so sorting
  // here would only cost check time (a third of it at 10,000 members).
  if (input.memberGroups) {
    state.memberGroups = Object.fromEntries(input.memberGroups.map((g) => [g.name, withoutUndefined({ ...g })]));
  }
  if (input.members) {
    state.members = Object.fromEntries(
      input.members.map((m) => {
        const member = withoutUndefined({
          host: m.host,
          ecsId: m.ecsId,
          ecsName: m.ecsName,
          port: m.port ?? input.port,
          weight: m.weight,
          isBackup: m.isBackup,
          status: memberStatus(m.status),
          groupName: m.groupName,
        });
        return [memberKey(member), member];
      }),
    );
  }
  if (input.healthCheck) state.healthCheck = normalizeHealth(input.healthCheck, input.port);
  if (input.microservice) state.microservice = input.microservice;
  if (input.adopt !== undefined) state.adopt = input.adopt;
  if (input.adoptId !== undefined) state.adoptId = input.adoptId;
  return state;
}

// ---------------------------------------------------------------- outputs

/** Blocks present in the desired state are the ones this resource manages. */
export function managedBlocks(desired: Partial<ChannelState>): Block[] {
  return BLOCKS.filter((b) => desired[b] !== undefined);
}

/**
 * Outputs from the live channel. When a read returns no NACOS password, the desired one is kept (the block is
 * stored as a secret).
 */
export function toOutputs(
  live: LiveChannel,
  desired: Pick<ChannelState, "adopt" | "adoptId"> & { microservice?: Pick<MicroserviceState, "nacos"> },
  managed: Block[],
  fields?: FieldSets,
): ChannelOutputs {
  const out: ChannelOutputs = { ...live, __managed: managed };
  if (fields) out.__fields = fields;
  if (desired.adopt !== undefined) out.adopt = desired.adopt;
  if (desired.adoptId !== undefined) out.adoptId = desired.adoptId;
  const password = desired.microservice?.nacos?.user.password;
  if (out.microservice?.nacos && password && !out.microservice.nacos.user.password) {
    out.microservice = {
      ...out.microservice,
      nacos: { ...out.microservice.nacos, user: { ...out.microservice.nacos.user, password } },
    };
  }
  return out;
}

/** The outputs of a create or update: the live channel, with the blocks and fields `desired` manages. */
export function channelOutputs(live: LiveChannel, desired: ChannelState): ChannelOutputs {
  return toOutputs(live, desired, managedBlocks(desired), fieldSets(desired));
}

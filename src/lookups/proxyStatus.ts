/**
 * ASM data-plane proxy status, read-only: `getProxyStatus` / `getProxyStatusOutput` (program process, nothing in
 * state) and the tracked `ProxyStatusLookup` resource, which can also gate: with `waitFor: { allSynced: true }`
 * its create/update returns only once every proxy reports SYNCED for all four xDS types, so resources that
 * `dependsOn` it (a `VpcChannel` weight shift) wait for the mesh. Refresh drift as in every lookup (`trackedLookup.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CloudApiError, explainCloudError, restate } from "../core/errors";
import { compareBy, nullToUndefined, withoutUndefined } from "../core/normalize";
import { checkGateTiming, gateTimingFields, GateTimingArgs } from "../core/poll";
import { ConfigSource, RegionSchema, resolveAlibabaRegion } from "../core/settings";
import { alibabaAsmClient, isNotFound, ProxyStatusWire } from "../clouds/alibaba/asm";
import { resourceClass } from "../core/resourceClass";
import { outputForm, OutputArgs, parseFunctionArgs, programConfig } from "../core/functions";
import { alibabaAuthHint } from "../clouds/alibaba/protocol";
import { deletedOutsidePulumi, Fingerprints, trackedLookupProvider, waitForGate } from "./trackedLookup";

// ---------------------------------------------------------------- public args

export interface GetProxyStatusArgs {
  /** ASM instance id. */
  serviceMeshId: string;
  /**
   * Region of the provider settings (ASM itself answers from one central endpoint); default:
   * `canary-mesh:alibabaRegion` or `ALIBABA_CLOUD_REGION_ID`.
   */
  region?: string;
}

/** The gate: wait until every proxy is SYNCED (timing as in `GateTimingArgs`). */
export interface ProxyStatusWaitForArgs extends GateTimingArgs {
  /** Must be `true`: the condition this gate waits for (at least one proxy, all four xDS types SYNCED). */
  allSynced: pulumi.Input<true>;
}

export interface ProxyStatusLookupArgs {
  /** ASM instance id. Changing it replaces the lookup (a new read; nothing in the cloud changes). */
  serviceMeshId: pulumi.Input<string>;
  /** Region of the provider settings; changing it replaces the lookup. */
  region?: pulumi.Input<string>;
  /** Wait on create and update until every proxy is SYNCED. Changing it updates (and waits again). */
  waitFor?: pulumi.Input<ProxyStatusWaitForArgs>;
}

export type GetProxyStatusOutputArgs = OutputArgs<GetProxyStatusArgs>;

// ---------------------------------------------------------------- results

/** The four xDS types a proxy syncs: clusters (CDS), listeners (LDS), routes (RDS), endpoints (EDS). */
export type XdsType = "cluster" | "listener" | "route" | "endpoint";
export const XDS_TYPES: readonly XdsType[] = ["cluster", "listener", "route", "endpoint"];

/** The sync states ASM documents; any other value the service sends is kept and counted as not synced. */
export const SYNC_STATES = ["SYNCED", "NOT SENT", "STALE", "STALE (Never Acknowledged)"] as const;

/** One data-plane proxy, every field as ASM returns it (fields ASM leaves out are absent). */
export interface ProxyStatusEntry {
  proxyId: string;
  /** Envoy proxy version, e.g. `1.9.7`. */
  proxyVersion?: string;
  /** istiod version, e.g. `1.9.7`. */
  istioVersion?: string;
  /** `SYNCED`, `NOT SENT`, `STALE` or `STALE (Never Acknowledged)`. */
  clusterSynced?: string;
  listenerSynced?: string;
  routeSynced?: string;
  endpointSynced?: string;
  /** Share of updated endpoints as reported (a string on the wire, here a number; absent when not numeric). */
  endpointPercent?: number;
}

/** A proxy that is not fully synced, with the xDS types whose state is not `SYNCED`. */
export interface ProxyNotSynced {
  proxyId: string;
  notSynced: XdsType[];
}

export interface ProxyStatus {
  serviceMeshId: string;
  /** Every proxy, sorted by `proxyId`. */
  proxies: ProxyStatusEntry[];
  /** Number of proxies. */
  total: number;
  /** Proxies whose four xDS types are all `SYNCED`. */
  syncedCount: number;
  /**
   * `true` when there is at least one proxy and every proxy is SYNCED for all four xDS types. Zero proxies give
   * `false`: an empty data plane has received nothing, so a gate must not pass on it.
   */
  allSynced: boolean;
  /**
   * Proxies not fully synced (sorted by `proxyId`), each with its lagging xDS types in the order of `XDS_TYPES`.
   * Only `SYNCED` counts as synced: `NOT SENT` (istiod has sent nothing yet) lags too, as the ASM reference
   * describes it ("not updated"). Use `counts` for a laxer rule of your own.
   */
  notSynced: ProxyNotSynced[];
  /**
   * Proxies per state, per xDS type: `counts.route["STALE"]`. The four documented states are always present
   * (0 when none); an undocumented state appears under its own name, a missing one under `UNKNOWN`.
   */
  counts: Record<XdsType, Record<string, number>>;
}

// ---------------------------------------------------------------- input schemas (resolved inputs)

export const serviceMeshIdSchema = z
  .string({ required_error: "serviceMeshId is required", invalid_type_error: "serviceMeshId must be a string" })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, "serviceMeshId must be 1–64 letters, digits, - or _ (an ASM instance id)");

export const ProxyStatusWaitForSchema = z
  .object(
    {
      allSynced: z.literal(true, {
        errorMap: () => ({ message: "allSynced must be true: it is the condition this gate waits for" }),
      }),
      ...gateTimingFields,
    },
    { invalid_type_error: "waitFor must be an object such as { allSynced: true }" },
  )
  .strict()
  .superRefine(checkGateTiming);

export const ProxyStatusLookupInputSchema = z
  .object({
    serviceMeshId: serviceMeshIdSchema,
    region: RegionSchema.optional(),
    waitFor: ProxyStatusWaitForSchema.optional(),
  })
  .strict();
/** Resolved inputs (after `check`, the region is always set). */
export type ProxyStatusLookupInput = z.infer<typeof ProxyStatusLookupInputSchema>;

export const GetProxyStatusInputSchema = ProxyStatusLookupInputSchema.omit({ waitFor: true });

// ---------------------------------------------------------------- normalisation (pure)

function percent(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined || String(value).trim() === "") return undefined;
  const n = Number(String(value).trim().replace(/%$/, ""));
  return Number.isFinite(n) ? n : undefined;
}

const FIELD: Record<XdsType, "clusterSynced" | "listenerSynced" | "routeSynced" | "endpointSynced"> = {
  cluster: "clusterSynced",
  listener: "listenerSynced",
  route: "routeSynced",
  endpoint: "endpointSynced",
};

function entryFromWire(p: ProxyStatusWire): ProxyStatusEntry {
  return withoutUndefined({
    proxyId: nullToUndefined(p.ProxyId) ?? "",
    proxyVersion: nullToUndefined(p.ProxyVersion),
    istioVersion: nullToUndefined(p.IstioVersion),
    clusterSynced: nullToUndefined(p.ClusterSynced),
    listenerSynced: nullToUndefined(p.ListenerSynced),
    routeSynced: nullToUndefined(p.RouteSynced),
    endpointSynced: nullToUndefined(p.EndpointSynced),
    endpointPercent: percent(p.EndpointPercent),
  });
}

/**
 * The proxies as a typed result with the derived gate fields. Pure.
 * @internal Exported for tests; left out of the published declarations, which must not reach the wire schemas.
 */
export function proxyStatusFromWire(serviceMeshId: string, wire: ProxyStatusWire[]): ProxyStatus {
  const proxies = wire.map(entryFromWire).sort(compareBy((p) => [p.proxyId]));
  const counts = Object.fromEntries(
    XDS_TYPES.map((t) => [t, Object.fromEntries(SYNC_STATES.map((s) => [s, 0]))]),
  ) as Record<XdsType, Record<string, number>>;
  const notSynced: ProxyNotSynced[] = [];
  for (const proxy of proxies) {
    const lagging: XdsType[] = [];
    for (const type of XDS_TYPES) {
      const state = proxy[FIELD[type]] ?? "UNKNOWN";
      counts[type][state] = (counts[type][state] ?? 0) + 1;
      if (state !== "SYNCED") lagging.push(type);
    }
    if (lagging.length > 0) notSynced.push({ proxyId: proxy.proxyId, notSynced: lagging });
  }
  const total = proxies.length;
  const syncedCount = total - notSynced.length;
  return {
    serviceMeshId,
    proxies,
    total,
    syncedCount,
    allSynced: total > 0 && syncedCount === total,
    notSynced,
    counts,
  };
}

/** One line for progress and timeouts: "1/3 proxies synced; not synced: p-2 (route: STALE), p-3 (…)". */
export function describeProxyStatus(status: ProxyStatus, limit = 5): string {
  if (status.total === 0) return "0 proxies reported (the gate needs at least one proxy)";
  const head = `${status.syncedCount}/${status.total} proxies synced`;
  if (status.notSynced.length === 0) return head;
  const byId = new Map(status.proxies.map((p) => [p.proxyId, p]));
  const shown = status.notSynced.slice(0, limit).map((n) => {
    const proxy = byId.get(n.proxyId);
    const types = n.notSynced.map((t) => `${t}: ${proxy?.[FIELD[t]] ?? "UNKNOWN"}`).join(", ");
    return `${n.proxyId || "(no id)"} (${types})`;
  });
  const more = status.notSynced.length - shown.length;
  return `${head}; not synced: ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

// ---------------------------------------------------------------- reads

function explain(err: CloudApiError, serviceMeshId: string, notFoundHint: string): CloudApiError | undefined {
  if (err.code === "403" || err.code === "StatusForbidden") {
    return err.withHint(
      `The credentials may not read mesh ${serviceMeshId}: grant servicemesh:DescribeServiceMeshProxyStatus to the RAM user or role (for example with the AliyunASMReadOnlyAccess policy)`,
    );
  }
  return isNotFound(err) ? restate(err, "ASM", `service mesh ${serviceMeshId} not found`, notFoundHint) : undefined;
}

export async function readProxyStatus(
  config: ConfigSource,
  input: { serviceMeshId: string; region?: string },
  notFoundHint = "Check serviceMeshId (the ASM instance id) and the account",
): Promise<ProxyStatus> {
  const { client } = alibabaAsmClient(config, input.region);
  try {
    return proxyStatusFromWire(input.serviceMeshId, await client.describeServiceMeshProxyStatus(input.serviceMeshId));
  } catch (err) {
    throw explainCloudError(err, alibabaAuthHint, (e) => explain(e, input.serviceMeshId, notFoundHint));
  }
}

/** Reads, and with `waitFor` keeps reading until every proxy is SYNCED (progress goes to the engine's log). */
async function readAndWait(config: ConfigSource, input: ProxyStatusLookupInput): Promise<ProxyStatus> {
  if (!input.waitFor) return readProxyStatus(config, input);
  return waitForGate(`ProxyStatusLookup ${input.serviceMeshId}`, input.waitFor, {
    read: () => readProxyStatus(config, input),
    isDone: (s) => s.allSynced,
    describe: (s) => describeProxyStatus(s),
    wanted: `every proxy of mesh ${input.serviceMeshId} to be SYNCED for cluster, listener, route and endpoint`,
  });
}

// ---------------------------------------------------------------- provider functions

/** Reads the proxy status of one ASM mesh (at call time, from the program; nothing is stored in state). */
export async function getProxyStatus(args: GetProxyStatusArgs): Promise<ProxyStatus> {
  return readProxyStatus(programConfig(), parseFunctionArgs(GetProxyStatusInputSchema, args, "getProxyStatus"));
}

/** `getProxyStatus` for `Input` arguments; unknown during preview while an argument is. */
export const getProxyStatusOutput: (args: GetProxyStatusOutputArgs) => pulumi.Output<ProxyStatus> =
  outputForm(getProxyStatus);

// ---------------------------------------------------------------- tracked lookup provider

/** Stored outputs: the resolved inputs, the status and the drift fingerprints. */
export type ProxyStatusLookupOutputs = ProxyStatus & {
  region: string;
  waitFor?: ProxyStatusLookupInput["waitFor"];
} & Fingerprints;

/** Replaces on a new mesh or region; updates on a new `waitFor` or when a read saw data the last `up` did not. */
export const proxyStatusLookupProvider = trackedLookupProvider({
  schema: ProxyStatusLookupInputSchema,
  argsName: "ProxyStatusLookupArgs",
  resolve: (config, input) => ({ region: resolveAlibabaRegion(config, process.env, input.region) }),
  replaceKeys: ["serviceMeshId", "region"],
  updateKeys: ["waitFor"],
  id: (inputs) => inputs.serviceMeshId,
  read: (config, props) => readProxyStatus(config, props, deletedOutsidePulumi("mesh")),
  readAndWait,
  toOutputs: (inputs, status): Omit<ProxyStatusLookupOutputs, keyof Fingerprints> => ({
    ...status,
    serviceMeshId: inputs.serviceMeshId,
    region: inputs.region,
    waitFor: inputs.waitFor,
  }),
});

// ---------------------------------------------------------------- resource

/**
 * A tracked, read-only view of an ASM mesh's data-plane proxies, optionally a gate (`waitFor`). Kept in state, so
 * `pulumi refresh` reports when the proxies' status changed. Deleting it makes no API call. Its `id` is the mesh id.
 * Outputs: the fields of `ProxyStatus`, and `region`.
 */
export class ProxyStatusLookup extends resourceClass<ProxyStatusLookupArgs, ProxyStatus & { region: string }>({
  module: "canary-mesh/alibaba/asm",
  type: "ProxyStatusLookup",
  kind: "proxyStatusLookup",
  optionalInputs: ["region", "waitFor"],
  outputs: {
    serviceMeshId: true,
    region: true,
    proxies: true,
    total: true,
    syncedCount: true,
    allSynced: true,
    notSynced: true,
    counts: true,
  },
}) {}

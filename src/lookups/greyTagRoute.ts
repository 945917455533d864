/**
 * SAE canary release (grey tag) routes, read-only: the provider functions `getGreyTagRoute(s)` /
 * `getGreyTagRoute(s)Output`, which run in the program process and leave nothing in state, and the tracked
 * `GreyTagRouteLookup` resource, whose `pulumi refresh` reports when the route changed in the cloud (drift
 * fingerprints as described in `trackedLookup.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { explainCloudError, restate } from "../core/errors";
import { compareTuples, dropUndefinedDeep, nullToUndefined, withoutUndefined } from "../core/normalize";
import { exactInt64, int64Id } from "../core/rules";
import { ConfigSource, RegionSchema, resolveAlibabaRegion } from "../core/settings";
import { resourceClass } from "../core/resourceClass";
import { outputForm, OutputArgs, parseFunctionArgs, programConfig } from "../core/functions";
import { alibabaAuthHint } from "../clouds/alibaba/protocol";
import {
  AlbRuleWire,
  DubboRuleWire,
  GreyTagRouteItemWire,
  GreyTagRouteWire,
  isAppNotFound,
  isNotFound,
  saeClient,
  ScRuleWire,
} from "../clouds/alibaba/sae";
import { deletedOutsidePulumi, Fingerprints, trackedLookupProvider } from "./trackedLookup";

// ---------------------------------------------------------------- public args

export interface GetGreyTagRouteArgs {
  /** Id of the canary release rule: an int64, as a number or a string of digits (the digits keep ids beyond 2^53 exact). */
  greyTagRouteId: number | string;
  /** Region, e.g. `cn-hangzhou`; default: `canary-mesh:alibabaRegion` or `ALIBABA_CLOUD_REGION_ID`. */
  region?: string;
}

export interface GetGreyTagRoutesArgs {
  /** Id of the SAE application whose rules are listed (SAE allows at most one rule per application). */
  appId: string;
  /** Keep only rules whose name matches this regular expression (JavaScript syntax, unanchored). */
  nameRegex?: string;
  /** Region; default: `canary-mesh:alibabaRegion` or `ALIBABA_CLOUD_REGION_ID`. */
  region?: string;
}

export interface GreyTagRouteLookupArgs {
  /** Id of the canary release rule. Changing it replaces the lookup (a new read; nothing in the cloud changes). */
  greyTagRouteId: pulumi.Input<number | string>;
  /** Region; default: `canary-mesh:alibabaRegion` or `ALIBABA_CLOUD_REGION_ID`. Changing it replaces the lookup. */
  region?: pulumi.Input<string>;
}

/** Arguments of the `Output` forms: every field may be an `Input`. */
export type GetGreyTagRouteOutputArgs = OutputArgs<GetGreyTagRouteArgs>;
export type GetGreyTagRoutesOutputArgs = OutputArgs<GetGreyTagRoutesArgs>;

// ---------------------------------------------------------------- results

/**
 * One condition of a rule, every field as SAE returns it (fields SAE leaves out are absent). Fields a rule kind
 * does not use come back as `N/A` (e.g. `expr` for Spring Cloud rules) and are kept verbatim.
 */
export interface GreyTagRouteItem {
  /** Comparison: `>`, `<`, `>=`, `<=`, `==`, `!=`. */
  cond?: string;
  /** Dubbo: expression applied to the argument (`.name`, `[0]`, `.get("key")`, empty for the value itself). */
  expr?: string;
  /** Dubbo: index of the method argument (0 = first). */
  index?: number;
  /** Name of the parameter, cookie or header. */
  name?: string;
  /** `rawvalue`, `list`, `mod` or `deterministic_proportional_steaming_division`. */
  operator?: string;
  /** `param`, `cookie`, `header` (Spring Cloud); `sourceIp`, `cookie`, `header` (ALB). */
  type?: string;
  value?: string;
}

/** Spring Cloud rule. Items are sorted by (type, name, index, expr, operator, cond, value). */
export interface GreyTagRouteScRule {
  path?: string;
  /** `AND` or `OR`. */
  condition?: string;
  items: GreyTagRouteItem[];
}

/** Dubbo rule. */
export interface GreyTagRouteDubboRule {
  serviceName?: string;
  group?: string;
  version?: string;
  methodName?: string;
  condition?: string;
  items: GreyTagRouteItem[];
}

/** ALB (Application Load Balancer) rule. Describe returns `serviceId`; the list call returns `serviceName`. */
export interface GreyTagRouteAlbRule {
  ingressId?: string;
  serviceId?: string;
  serviceName?: string;
  /** Always `AND`. */
  condition?: string;
  items: GreyTagRouteItem[];
}

/**
 * A canary release rule. Rule lists are sorted by their identifying fields (SC: path; Dubbo: service, group,
 * version, method; ALB: ingress, service), then by items, so the order is stable across reads.
 */
export interface GreyTagRoute {
  /** Rule id (int64): a number, or its digits as a string when it is beyond 2^53 and a number would not be exact. */
  greyTagRouteId: number | string;
  /** The same id as a string (the form resource ids and most inputs take). */
  id: string;
  name: string;
  description?: string;
  /** Application id. */
  appId?: string;
  /** Creation time, epoch milliseconds. */
  createTime?: number;
  /** Last update time, epoch milliseconds. */
  updateTime?: number;
  scRules: GreyTagRouteScRule[];
  dubboRules: GreyTagRouteDubboRule[];
  albRules: GreyTagRouteAlbRule[];
  /** Region the rule was read from. */
  region: string;
}

export interface GreyTagRoutes {
  appId: string;
  nameRegex?: string;
  region: string;
  /** Matching rules, sorted by `greyTagRouteId`. List results carry no `appId` of their own: it is filled in. */
  routes: GreyTagRoute[];
  /** Ids of `routes`, as strings, in the same order. */
  ids: string[];
}

// ---------------------------------------------------------------- input schemas (resolved inputs)

export const GreyTagRouteLookupInputSchema = z
  .object({ greyTagRouteId: int64Id("greyTagRouteId"), region: RegionSchema.optional() })
  .strict();
/** Resolved inputs (after `check`, the region is always set). */
export type GreyTagRouteLookupInput = z.infer<typeof GreyTagRouteLookupInputSchema>;

export const GetGreyTagRoutesInputSchema = z
  .object({
    appId: z
      .string({ required_error: "appId is required", invalid_type_error: "appId must be a string" })
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "appId must be 1–64 letters, digits, - or _ (an SAE application id)"),
    nameRegex: z
      .string({ invalid_type_error: "nameRegex must be a string" })
      .refine(isRegex, "nameRegex must be a valid regular expression")
      .optional(),
    region: RegionSchema.optional(),
  })
  .strict();

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- normalisation (pure)

type Sortable = string | number | undefined;

const num = (n: number | string | null | undefined): number | undefined =>
  n === null || n === undefined || n === "" ? undefined : Number(n);

const itemKey = (i: GreyTagRouteItem): Sortable[] => [i.type, i.name, i.index, i.expr, i.operator, i.cond, i.value];

function itemsFromWire(items: GreyTagRouteItemWire[] | null | undefined): GreyTagRouteItem[] {
  return (items ?? [])
    .map((i) =>
      withoutUndefined({
        cond: nullToUndefined(i.cond),
        expr: nullToUndefined(i.expr),
        index: num(i.index),
        name: nullToUndefined(i.name),
        operator: nullToUndefined(i.operator),
        type: nullToUndefined(i.type),
        value: nullToUndefined(i.value),
      }),
    )
    .sort((a, b) => compareTuples(itemKey(a), itemKey(b)));
}

function sortRules<R extends { items: GreyTagRouteItem[] }>(rules: R[], key: (r: R) => Sortable[]): R[] {
  return rules.sort(
    (a, b) => compareTuples(key(a), key(b)) || compareTuples([JSON.stringify(a.items)], [JSON.stringify(b.items)]),
  );
}

/**
 * A wire rule (Describe `Data` or a list `Result[]` item) as a typed, camelCased, stably ordered result.
 * @internal Exported for tests; left out of the published declarations, which must not reach the wire schemas.
 */
export function greyTagRouteFromWire(wire: GreyTagRouteWire, region: string, appId?: string): GreyTagRoute {
  const scRules = (wire.ScRules ?? []).map((r: ScRuleWire) =>
    withoutUndefined({
      path: nullToUndefined(r.path),
      condition: nullToUndefined(r.condition),
      items: itemsFromWire(r.items),
    }),
  );
  const dubboRules = (wire.DubboRules ?? []).map((r: DubboRuleWire) =>
    withoutUndefined({
      serviceName: nullToUndefined(r.serviceName),
      group: nullToUndefined(r.group),
      version: nullToUndefined(r.version),
      methodName: nullToUndefined(r.methodName),
      condition: nullToUndefined(r.condition),
      items: itemsFromWire(r.items),
    }),
  );
  const albRules = (wire.AlbRules ?? []).map((r: AlbRuleWire) =>
    withoutUndefined({
      ingressId: nullToUndefined(r.ingressId),
      serviceId: nullToUndefined(r.serviceId),
      serviceName: nullToUndefined(r.serviceName),
      condition: nullToUndefined(r.condition),
      items: itemsFromWire(r.items),
    }),
  );
  return withoutUndefined({
    greyTagRouteId: exactInt64(wire.GreyTagRouteId),
    id: String(wire.GreyTagRouteId),
    name: nullToUndefined(wire.Name) ?? "",
    description: nullToUndefined(wire.Description),
    appId: nullToUndefined(wire.AppId) ?? appId,
    createTime: num(wire.CreateTime),
    updateTime: num(wire.UpdateTime),
    scRules: sortRules(scRules, (r) => [r.path, r.condition]),
    dubboRules: sortRules(dubboRules, (r) => [r.serviceName, r.group, r.version, r.methodName, r.condition]),
    albRules: sortRules(albRules, (r) => [r.ingressId, r.serviceId, r.serviceName, r.condition]),
    region,
  });
}

// ---------------------------------------------------------------- reads

const FIX_ID = "Check greyTagRouteId and region (getGreyTagRoutes({ appId }) lists an application's rules)";

/** Reads one rule. SAE answers a missing id with HTTP 400 `InvalidParameter.WithMessage` (Terraform reads it the same way). */
async function readGreyTagRoute(
  config: ConfigSource,
  input: { greyTagRouteId: number | string; region?: string },
  hint = FIX_ID,
): Promise<GreyTagRoute> {
  const { client, region } = saeClient(config, input.region);
  try {
    return greyTagRouteFromWire(await client.describeGreyTagRoute(input.greyTagRouteId), region);
  } catch (err) {
    throw explainCloudError(err, alibabaAuthHint, (e) =>
      isNotFound(e)
        ? restate(e, "SAE", `grey tag route ${input.greyTagRouteId} not found in region ${region}`, hint)
        : undefined,
    );
  }
}

async function readGreyTagRoutes(
  config: ConfigSource,
  input: { appId: string; nameRegex?: string; region?: string },
): Promise<GreyTagRoutes> {
  const { client, region } = saeClient(config, input.region);
  let wires: GreyTagRouteWire[];
  try {
    wires = await client.listGreyTagRoutes(input.appId);
  } catch (err) {
    throw explainCloudError(err, alibabaAuthHint, (e) =>
      isAppNotFound(e)
        ? restate(e, "SAE", `SAE application ${input.appId} not found in region ${region}`, "Check appId and region")
        : undefined,
    );
  }
  const pattern = input.nameRegex === undefined ? undefined : new RegExp(input.nameRegex);
  const routes = wires
    .map((w) => greyTagRouteFromWire(w, region, input.appId))
    .filter((r) => !pattern || pattern.test(r.name))
    .sort((a, b) => compareTuples([a.id.length, a.id], [b.id.length, b.id]));
  return dropUndefinedDeep({
    appId: input.appId,
    nameRegex: input.nameRegex,
    region,
    routes,
    ids: routes.map((r) => r.id),
  });
}

// ---------------------------------------------------------------- provider functions

/** Reads one SAE canary release rule (at call time, from the program; nothing is stored in state). */
export async function getGreyTagRoute(args: GetGreyTagRouteArgs): Promise<GreyTagRoute> {
  return readGreyTagRoute(programConfig(), parseFunctionArgs(GreyTagRouteLookupInputSchema, args, "getGreyTagRoute"));
}

/** `getGreyTagRoute` for `Input` arguments; unknown during preview while an argument is. */
export const getGreyTagRouteOutput: (args: GetGreyTagRouteOutputArgs) => pulumi.Output<GreyTagRoute> =
  outputForm(getGreyTagRoute);

/** Lists the canary release rules of one SAE application, optionally filtered by name. */
export async function getGreyTagRoutes(args: GetGreyTagRoutesArgs): Promise<GreyTagRoutes> {
  return readGreyTagRoutes(programConfig(), parseFunctionArgs(GetGreyTagRoutesInputSchema, args, "getGreyTagRoutes"));
}

/** `getGreyTagRoutes` for `Input` arguments. */
export const getGreyTagRoutesOutput: (args: GetGreyTagRoutesOutputArgs) => pulumi.Output<GreyTagRoutes> =
  outputForm(getGreyTagRoutes);

// ---------------------------------------------------------------- tracked lookup provider

/** Stored outputs: the resolved inputs, the route (its `id` is the resource id, so it is left out) and fingerprints. */
export type GreyTagRouteLookupOutputs = Omit<GreyTagRoute, "id"> & Fingerprints;

/** Replaces on a new id or region; otherwise changes only when a read saw data the last `up` did not. */
export const greyTagRouteLookupProvider = trackedLookupProvider({
  schema: GreyTagRouteLookupInputSchema,
  argsName: "GreyTagRouteLookupArgs",
  resolve: (config, input) => ({ region: resolveAlibabaRegion(config, process.env, input.region) }),
  replaceKeys: ["greyTagRouteId", "region"],
  id: (_inputs, route) => route.id,
  /** A rule deleted in the cloud is an error (the lookup cannot be satisfied), not a silent drop. */
  read: (config, props) => readGreyTagRoute(config, props, deletedOutsidePulumi("rule")),
  readAndWait: readGreyTagRoute,
  toOutputs: (inputs, { id: _id, ...rest }): Omit<GreyTagRouteLookupOutputs, keyof Fingerprints> => ({
    ...rest,
    greyTagRouteId: inputs.greyTagRouteId,
    region: inputs.region,
  }),
});

// ---------------------------------------------------------------- resource

/**
 * A tracked, read-only view of one SAE canary release rule. Unlike `getGreyTagRoute`, it is kept in state, so
 * `pulumi refresh` reports when the rule changed in the cloud (and `pulumi up` then accepts the new data).
 * Deleting it never touches the rule. Its `id` is the rule id as a string; its outputs are the other fields of
 * `GreyTagRoute`.
 */
export class GreyTagRouteLookup extends resourceClass<GreyTagRouteLookupArgs, Omit<GreyTagRoute, "id">>({
  module: "canary-mesh/alibaba/sae",
  type: "GreyTagRouteLookup",
  kind: "greyTagRouteLookup",
  optionalInputs: ["region"],
  outputs: {
    greyTagRouteId: true,
    region: true,
    name: true,
    description: true,
    appId: true,
    createTime: true,
    updateTime: true,
    scRules: true,
    dubboRules: true,
    albRules: true,
  },
}) {}

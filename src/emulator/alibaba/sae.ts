/**
 * Alibaba SAE grey tag routes (ROA, version 2019-05-06): Describe, List, Create, Update, Delete on
 * `/pop/v1/sam/tagroute/greyTagRoute[List]`. Parameters travel in the query, rule lists as JSON strings; rule
 * objects keep the API's lowerCamel keys. Answers use SAE's envelope `{RequestId, Message, TraceId, Data,
 * ErrorCode, Code, Success}`.
 */
import { z } from "zod";
import { parseAdmin, parseJson, queryValue, Route, ServiceFactory, ServiceRequest, ServiceResponse } from "../service";
import { AlibabaError, traceId } from "./errors";

// --- Errors: InvalidParameter.NotEmpty / .Obviously / .WithMessage (HTTP 400) of the Alibaba table, in SAE's envelope

const saeError = (
  code: "InvalidParameter.NotEmpty" | "InvalidParameter.Obviously" | "InvalidParameter.WithMessage",
  ...args: string[]
) => new AlibabaError(code, args, "sae");

// --- Schemas

// Items as the DescribeGreyTagRoute reference lists them per rule kind; string fields a kind does not use come back
// "N/A" (`index` is an int in the SDK model).
const OPERATORS = z.enum(["rawvalue", "list", "mod", "deterministic_proportional_steaming_division"]);
const CONDS = z.enum([">", "<", ">=", "<=", "==", "!="]);
const notUsed = z.string().optional();
const Condition = z.enum(["AND", "OR"]).optional();

const ScItemSchema = z.object({
  type: z.enum(["param", "cookie", "header"]),
  name: z.string().min(1),
  operator: OPERATORS,
  value: z.string(),
  cond: CONDS,
  index: z.number().int().optional(),
  expr: notUsed,
});
const DubboItemSchema = z.object({
  index: z.number().int().min(0),
  expr: z.string(),
  operator: OPERATORS,
  value: z.string(),
  cond: CONDS,
  type: notUsed,
  name: notUsed,
});
const AlbItemSchema = z.object({
  type: z.enum(["sourceIp", "cookie", "header"]),
  name: z.string().min(1),
  operator: z.literal("rawvalue"),
  value: z.string(),
  cond: z.literal("=="),
  index: z.number().int().optional(),
  expr: notUsed,
});

export const ScRuleSchema = z.object({
  path: z.string().optional(),
  condition: Condition,
  items: z.array(ScItemSchema),
});
export const DubboRuleSchema = z.object({
  serviceName: z.string().optional(),
  group: z.string().optional(),
  version: z.string().optional(),
  methodName: z.string().optional(),
  condition: Condition,
  items: z.array(DubboItemSchema),
});
export const AlbRuleSchema = z.object({
  serviceId: z.string().optional(),
  ingressId: z.string().optional(),
  serviceName: z.string().optional(),
  condition: z.literal("AND").optional(),
  items: z.array(AlbItemSchema),
});

/** Up to 64 characters: lowercase letters, digits, hyphens, Chinese; a lowercase letter first, no hyphen last. */
const ROUTE_NAME_PATTERN = /^[a-z]([a-z0-9\u4e00-\u9fa5-]{0,62}[a-z0-9\u4e00-\u9fa5])?$/;

/** The Describe `Data` shape plus AppId: what the admin API seeds. */
export const GreyTagRouteSeedSchema = z.object({
  /** A number, or its digits as a string for ids beyond 2^53 (JSON numbers that long lose digits). */
  GreyTagRouteId: z
    .union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,19}$/)])
    .optional(),
  AppId: z.string().min(1),
  Name: z.string().regex(ROUTE_NAME_PATTERN),
  Description: z.string().max(64).optional(),
  ScRules: z.array(ScRuleSchema).optional(),
  DubboRules: z.array(DubboRuleSchema).optional(),
  AlbRules: z.array(AlbRuleSchema).optional(),
  CreateTime: z.number().int().optional(),
  UpdateTime: z.number().int().optional(),
});
export type GreyTagRouteSeed = z.infer<typeof GreyTagRouteSeedSchema>;

type Rules = Pick<GreyTagRouteSeed, "ScRules" | "DubboRules" | "AlbRules">;

/** Reads a rule list sent as a JSON string query parameter. */
function ruleParam<T>(request: ServiceRequest, name: keyof Rules, schema: z.ZodType<T>): T[] | undefined {
  const raw = queryValue(request.query, name);
  if (raw === undefined || raw.trim() === "") return undefined;
  return parseJson(
    raw,
    z.array(schema),
    () => saeError("InvalidParameter.Obviously", name),
    (error) => {
      const issue = error.issues[0]!;
      return saeError("InvalidParameter.WithMessage", name, `${issue.path.join(".")} ${issue.message}`.trim());
    },
  );
}

function rulesFrom(request: ServiceRequest): Rules {
  return {
    ScRules: ruleParam(request, "ScRules", ScRuleSchema),
    DubboRules: ruleParam(request, "DubboRules", DubboRuleSchema),
    AlbRules: ruleParam(request, "AlbRules", AlbRuleSchema),
  };
}

function required(request: ServiceRequest, name: string): string {
  const value = queryValue(request.query, name);
  if (value === undefined || value === "") throw saeError("InvalidParameter.NotEmpty", name);
  return value;
}

const INT64_MAX = BigInt("9223372036854775807");

/** A `Long` id, kept as its digits: ids beyond 2^53 stay exact. */
function routeId(request: ServiceRequest): string {
  const raw = required(request, "GreyTagRouteId");
  if (!/^\d{1,19}$/.test(raw) || BigInt(raw) > INT64_MAX)
    throw saeError("InvalidParameter.Obviously", "GreyTagRouteId");
  return BigInt(raw).toString();
}

/** The wire form: the id is a JSON number (a bigint, which the server writes as digits). */
function wire<T extends { GreyTagRouteId: string }>(route: T): Omit<T, "GreyTagRouteId"> & { GreyTagRouteId: bigint } {
  return { ...route, GreyTagRouteId: BigInt(route.GreyTagRouteId) };
}

// --- State

export interface GreyTagRoute {
  /** Digits of the int64 id. */
  GreyTagRouteId: string;
  Name: string;
  Description: string;
  ScRules: z.infer<typeof ScRuleSchema>[];
  AlbRules: z.infer<typeof AlbRuleSchema>[];
  DubboRules: z.infer<typeof DubboRuleSchema>[];
  CreateTime: number;
  UpdateTime: number;
  AppId: string;
}

export interface GreyTagRouteSnapshot {
  nextId: string;
  routes: GreyTagRoute[];
}

export class GreyTagRouteState {
  private routes = new Map<string, GreyTagRoute>();
  private nextId = 1n;

  constructor(private readonly clock: { now(): Date }) {}

  describeGreyTagRoute(id: string): GreyTagRoute {
    const route = this.routes.get(id);
    if (!route)
      throw saeError("InvalidParameter.WithMessage", "GreyTagRouteId", `the canary release rule ${id} does not exist`);
    return route;
  }

  listGreyTagRoute(appId: string): GreyTagRoute[] {
    return [...this.routes.values()].filter((r) => r.AppId === appId);
  }

  /** "You can configure only one canary release rule for each application." */
  createGreyTagRoute(input: { AppId: string; Name: string; Description?: string } & Rules): GreyTagRoute {
    checkExclusive(input);
    if (this.listGreyTagRoute(input.AppId).length > 0) {
      throw saeError(
        "InvalidParameter.WithMessage",
        "AppId",
        "only one canary release rule can be configured for each application",
      );
    }
    return this.seedGreyTagRoute(input);
  }

  /** Replaces the description and each rule list that is given; the others are kept. */
  updateGreyTagRoute(id: string, input: { Description?: string } & Rules): GreyTagRoute {
    checkExclusive(input);
    const current = this.describeGreyTagRoute(id);
    const updated: GreyTagRoute = {
      ...current,
      Description: input.Description ?? current.Description,
      ScRules: input.ScRules ?? current.ScRules,
      DubboRules: input.DubboRules ?? current.DubboRules,
      AlbRules: input.AlbRules ?? current.AlbRules,
      UpdateTime: this.clock.now().getTime(),
    };
    this.routes.set(id, updated);
    return updated;
  }

  deleteGreyTagRoute(id: string): void {
    this.describeGreyTagRoute(id);
    this.routes.delete(id);
  }

  /** Admin (and Create): stores a route as given, keeping a given id and times (the documented example has
   *  both ScRules and DubboRules, so the request-level exclusivity rule is not applied here). */
  seedGreyTagRoute(seed: GreyTagRouteSeed): GreyTagRoute {
    const now = this.clock.now().getTime();
    const id = BigInt(seed.GreyTagRouteId ?? this.nextId);
    const route: GreyTagRoute = {
      GreyTagRouteId: id.toString(),
      Name: seed.Name,
      Description: seed.Description ?? "",
      ScRules: seed.ScRules ?? [],
      AlbRules: seed.AlbRules ?? [],
      DubboRules: seed.DubboRules ?? [],
      CreateTime: seed.CreateTime ?? now,
      UpdateTime: seed.UpdateTime ?? now,
      AppId: seed.AppId,
    };
    if (id >= this.nextId) this.nextId = id + 1n;
    this.routes.set(route.GreyTagRouteId, route);
    return route;
  }

  snapshot(): GreyTagRouteSnapshot {
    return { nextId: this.nextId.toString(), routes: [...this.routes.values()] };
  }

  restore(snapshot: GreyTagRouteSnapshot | undefined): void {
    // Snapshots written before ids were kept as digits hold numbers.
    this.nextId = BigInt(snapshot?.nextId ?? 1);
    const routes = (snapshot?.routes ?? []).map((r) => ({ ...r, GreyTagRouteId: String(r.GreyTagRouteId) }));
    this.routes = new Map(routes.map((r) => [r.GreyTagRouteId, r]));
  }
}

/** A request may not set both ScRules and DubboRules. */
function checkExclusive(request: Rules): void {
  if ((request.ScRules ?? []).length > 0 && (request.DubboRules ?? []).length > 0) {
    throw saeError("InvalidParameter.WithMessage", "ScRules", "ScRules and DubboRules cannot both be set");
  }
}

// --- Routes

function envelope(request: ServiceRequest, data: unknown): ServiceResponse {
  return {
    status: 200,
    body: {
      RequestId: request.requestId,
      Message: "success",
      TraceId: traceId(),
      Data: data,
      ErrorCode: "",
      Code: "200",
      Success: true,
    },
  };
}

const PATH = "/pop/v1/sam/tagroute/greyTagRoute";

function routes(state: GreyTagRouteState): Route[] {
  return [
    {
      method: "GET",
      path: PATH,
      action: "DescribeGreyTagRoute",
      handle: (r) => envelope(r, wire(state.describeGreyTagRoute(routeId(r)))),
    },
    {
      method: "GET",
      path: `${PATH}List`,
      action: "ListGreyTagRoute",
      handle: (r) => {
        const found = state.listGreyTagRoute(required(r, "AppId")).map(({ AppId: _a, ...rest }) => wire(rest));
        return envelope(r, { CurrentPage: 1, PageSize: found.length, TotalSize: found.length, Result: found });
      },
    },
    {
      method: "POST",
      path: PATH,
      action: "CreateGreyTagRoute",
      handle: (r) => {
        const appId = required(r, "AppId");
        const name = required(r, "Name");
        if (!ROUTE_NAME_PATTERN.test(name)) throw saeError("InvalidParameter.Obviously", "Name");
        const description = queryValue(r.query, "Description");
        if (description && description.length > 64) throw saeError("InvalidParameter.Obviously", "Description");
        const route = state.createGreyTagRoute({ AppId: appId, Name: name, Description: description, ...rulesFrom(r) });
        return envelope(r, { GreyTagRouteId: BigInt(route.GreyTagRouteId) });
      },
    },
    {
      method: "PUT",
      path: PATH,
      action: "UpdateGreyTagRoute",
      handle: (r) => {
        const description = queryValue(r.query, "Description");
        if (description && description.length > 64) throw saeError("InvalidParameter.Obviously", "Description");
        const route = state.updateGreyTagRoute(routeId(r), { Description: description, ...rulesFrom(r) });
        return envelope(r, { GreyTagRouteId: BigInt(route.GreyTagRouteId) });
      },
    },
    {
      method: "DELETE",
      path: PATH,
      action: "DeleteGreyTagRoute",
      handle: (r) => {
        const id = routeId(r);
        state.deleteGreyTagRoute(id);
        return envelope(r, { GreyTagRouteId: BigInt(id) });
      },
    },
  ];
}

// --- Admin and seed

/** Seed section `{greyTagRoutes?: [Describe Data + AppId]}`. */
const SeedSchema = z.object({ greyTagRoutes: z.array(z.unknown()).optional() }).strict();

export const alibabaSaeService: ServiceFactory = (context) => {
  const state = new GreyTagRouteState(context);
  return {
    id: "alibaba-sae",
    cloud: "alibaba",
    product: "sae",
    routes: routes(state),
    adminRoutes: [
      [
        "POST",
        /^\/grey-tag-routes$/,
        (_p, b) => ({ status: 201, body: wire(state.seedGreyTagRoute(parseAdmin(GreyTagRouteSeedSchema, b))) }),
      ],
    ],
    snapshot: () => state.snapshot(),
    restore: (snapshot) => state.restore(snapshot as GreyTagRouteSnapshot | undefined),
    seed: (section) => {
      for (const route of parseAdmin(SeedSchema, section).greyTagRoutes ?? []) {
        state.seedGreyTagRoute(parseAdmin(GreyTagRouteSeedSchema, route));
      }
    },
  };
};

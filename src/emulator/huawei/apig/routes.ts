/**
 * APIG VPC channel routes: method + path → operation. Each handler parses (zod, at the edge), calls the state
 * and renders the documented response shape (render.ts).
 */
import { z } from "zod";
import { QueryPairs } from "../../../signing/encoding";
import { parseJson, queryValue, Route, ServiceRequest, ServiceResponse } from "../../service";
import { HuaweiError } from "../errors";
import {
  apigErrorFromZod,
  ChannelFilter,
  MemberGroupCreateSchema,
  MemberGroupsBodySchema,
  MembersBatchSchema,
  MembersBodySchema,
  MembersOverwriteSchema,
  VpcCreateSchema,
  VpcHealthConfigSchema,
} from "./schemas";
import { VpcChannelState } from "./state";
import { renderChannel, renderChannelSummary, renderGroup, renderHealth, renderMember } from "./render";

// --- Parsing

export function parseApigBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw apigErrorFromZod(parsed.error);
  return parsed.data;
}

/** A request's JSON body, answered as APIG answers a body it cannot read or accept. */
function bodyOf<T>(request: ServiceRequest, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
  return parseJson(
    request.body,
    schema,
    () => new HuaweiError("APIG.2000", "the request body is not valid JSON"),
    apigErrorFromZod,
  );
}

/** Channel, member and group ids are 32 hexadecimal characters: anything else is 400 APIG.2012 (ShowVpcChannel reference). */
function idParam(request: ServiceRequest, name: string, reported = name): string {
  const value = request.params[name]!;
  if (!/^[0-9a-f]{32}$/.test(value)) throw new HuaweiError("APIG.2012", reported);
  return value;
}

function intParam(query: QueryPairs, name: string): number | undefined {
  const raw = queryValue(query, name);
  if (raw === undefined || raw === "") return undefined;
  if (!/^-?\d+$/.test(raw)) throw new HuaweiError("APIG.2012", name);
  return Number(raw);
}

/** `offset` < 0 → 0; `limit` ≤ 0 or absent → 20, > 500 → 500 (ListVpcChannelsV2). */
function paging(query: QueryPairs): { offset: number; limit: number } {
  const offset = Math.max(0, intParam(query, "offset") ?? 0);
  const limit = intParam(query, "limit") ?? 0;
  return { offset, limit: limit <= 0 ? 20 : Math.min(limit, 500) };
}

function preciseSearch(query: QueryPairs): Set<string> {
  return new Set((queryValue(query, "precise_search") ?? "").split(",").map((s) => s.trim()));
}

function channelFilter(query: QueryPairs): ChannelFilter {
  const text = (name: string) => queryValue(query, name) || undefined;
  return {
    ...paging(query),
    id: text("id"),
    name: text("name"),
    dict_code: text("dict_code"),
    precise: preciseSearch(query),
    member_host: text("member_host"),
    member_port: intParam(query, "member_port"),
    member_group_name: text("member_group_name"),
    member_group_id: text("member_group_id"),
    vpc_channel_type: text("vpc_channel_type"),
  };
}

// --- Routes

const BASE = "/v2/{project_id}/apigw/instances/{instance_id}/vpc-channels";

export function apigRoutes(state: VpcChannelState): Route[] {
  const ok = (status: number, body?: unknown): ServiceResponse => ({ status, body });
  const ids = (r: ServiceRequest) => [r.params.instance_id!, idParam(r, "vpc_channel_id", "id")] as const;
  const list = <T>(key: string, { total, items }: { total: number; items: T[] }, render: (t: T) => unknown) =>
    ok(200, { total, size: items.length, [key]: items.map(render) });
  const channelOf = (r: ServiceRequest) => state.showVpcChannel(...ids(r));

  const routes: Route[] = [
    {
      method: "POST",
      path: BASE,
      action: "CreateVpcChannel",
      handle: (r) => {
        const body = bodyOf(r, VpcCreateSchema);
        const scope = { projectId: r.params.project_id!, instanceId: r.params.instance_id! };
        return ok(201, renderChannelSummary(state.createVpcChannel(scope, body)));
      },
    },
    {
      method: "GET",
      path: BASE,
      action: "ListVpcChannels",
      handle: (r) =>
        list(
          "vpc_channels",
          state.listVpcChannels(r.params.instance_id!, channelFilter(r.query)),
          renderChannelSummary,
        ),
    },
    {
      method: "GET",
      path: `${BASE}/{vpc_channel_id}`,
      action: "ShowVpcChannel",
      handle: (r) => ok(200, renderChannel(state.showVpcChannel(...ids(r)))),
    },
    {
      method: "PUT",
      path: `${BASE}/{vpc_channel_id}`,
      action: "UpdateVpcChannel",
      handle: (r) => {
        state.showVpcChannel(...ids(r)); // 404 before 400, as the service answers
        const body = bodyOf(r, VpcCreateSchema);
        return ok(200, renderChannelSummary(state.updateVpcChannel(...ids(r), body)));
      },
    },
    {
      method: "DELETE",
      path: `${BASE}/{vpc_channel_id}`,
      action: "DeleteVpcChannel",
      handle: (r) => (state.deleteVpcChannel(...ids(r)), ok(204)),
    },
    {
      method: "POST",
      path: `${BASE}/{vpc_channel_id}/members`,
      action: "AddBackendInstances",
      handle: (r) => {
        const { members } = bodyOf(r, MembersBodySchema);
        const added = state.addBackendInstances(...ids(r), members);
        return ok(201, {
          total: added.length,
          size: added.length,
          members: added.map((m) => renderMember(channelOf(r), m)),
        });
      },
    },
    {
      method: "PUT",
      path: `${BASE}/{vpc_channel_id}/members`,
      action: "UpdateBackendInstances",
      handle: (r) => {
        const body = bodyOf(r, MembersOverwriteSchema);
        const set = state.updateBackendInstances(...ids(r), body.members ?? [], body.member_group_name);
        return ok(200, { total: set.length, size: set.length, members: set.map((m) => renderMember(channelOf(r), m)) });
      },
    },
    {
      method: "GET",
      path: `${BASE}/{vpc_channel_id}/members`,
      action: "ListBackendInstances",
      handle: (r) => {
        const text = (name: string) => queryValue(r.query, name) || undefined;
        const filter = {
          ...paging(r.query),
          name: text("name"),
          member_group_name: text("member_group_name"),
          member_group_id: text("member_group_id"),
        };
        const channel = channelOf(r);
        return list("members", state.listBackendInstances(...ids(r), filter), (m) => renderMember(channel, m));
      },
    },
    ...(["enable", "disable"] as const).map(
      (which): Route => ({
        method: "POST",
        path: `${BASE}/{vpc_channel_id}/members/batch-${which}`,
        action: which === "enable" ? "BatchEnableMembers" : "BatchDisableMembers",
        handle: (r) => {
          const { member_ids } = bodyOf(r, MembersBatchSchema);
          state.setMembersStatus(...ids(r), member_ids, which === "enable" ? 1 : 2);
          return ok(204);
        },
      }),
    ),
    {
      method: "DELETE",
      path: `${BASE}/{vpc_channel_id}/members/{member_id}`,
      action: "DeleteBackendInstance",
      handle: (r) => (state.deleteBackendInstance(...ids(r), idParam(r, "member_id")), ok(204)),
    },
    {
      method: "POST",
      path: `${BASE}/{vpc_channel_id}/member-groups`,
      action: "CreateMemberGroup",
      handle: (r) => {
        const { member_groups } = bodyOf(r, MemberGroupsBodySchema);
        const groups = state.createMemberGroup(...ids(r), member_groups);
        return ok(201, { total: groups.length, size: groups.length, member_groups: groups.map(renderGroup) });
      },
    },
    {
      method: "GET",
      path: `${BASE}/{vpc_channel_id}/member-groups`,
      action: "ListMemberGroups",
      handle: (r) => {
        const filter = {
          ...paging(r.query),
          member_group_name: queryValue(r.query, "member_group_name") || undefined,
          dict_code: queryValue(r.query, "dict_code") || undefined,
          precise: preciseSearch(r.query),
        };
        return list("member_groups", state.listMemberGroups(...ids(r), filter), renderGroup);
      },
    },
    {
      method: "GET",
      path: `${BASE}/{vpc_channel_id}/member-groups/{member_group_id}`,
      action: "ShowMemberGroup",
      handle: (r) => ok(200, renderGroup(state.showMemberGroup(...ids(r), idParam(r, "member_group_id")))),
    },
    {
      method: "PUT",
      path: `${BASE}/{vpc_channel_id}/member-groups/{member_group_id}`,
      action: "UpdateMemberGroup",
      handle: (r) => {
        const body = bodyOf(r, MemberGroupCreateSchema);
        return ok(200, renderGroup(state.updateMemberGroup(...ids(r), idParam(r, "member_group_id"), body)));
      },
    },
    {
      method: "DELETE",
      path: `${BASE}/{vpc_channel_id}/member-groups/{member_group_id}`,
      action: "DeleteMemberGroup",
      handle: (r) => (state.deleteMemberGroup(...ids(r), idParam(r, "member_group_id")), ok(204)),
    },
    {
      method: "PUT",
      path: `${BASE}/{vpc_channel_id}/health-config`,
      action: "UpdateHealthCheck",
      handle: (r) => {
        const body = bodyOf(r, VpcHealthConfigSchema);
        const health = state.updateHealthCheck(...ids(r), body);
        return ok(200, renderHealth(channelOf(r), health));
      },
    },
  ];
  return routes;
}

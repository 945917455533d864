/**
 * APIG's admin routes and seed section: channels created as fixtures, the channel quota, a console user's edit,
 * and APIs bound to a channel (so a delete is refused as the service refuses it).
 */
import { z } from "zod";
import { AdminError, AdminRoute, parseAdmin, ServiceResponse } from "../../service";
import { consoleEditBody, renderChannel } from "./render";
import { parseApigBody } from "./routes";
import { VpcCreateSchema } from "./schemas";
import { VpcChannelState } from "./state";
import { MEMBER_HEALTH, StoredChannel } from "./stored";

const SeedChannelSchema = z
  .object({
    instance_id: z.string().min(1),
    project_id: z.string().optional(),
    in_use_apis: z.number().int().min(0).optional(),
  })
  .passthrough();

/** `{quota?, vpcChannels?: [create body + instance_id, project_id?, in_use_apis?]}`. */
const SeedSchema = z
  .object({ quota: z.number().int().min(0).optional(), vpcChannels: z.array(z.unknown()).optional() })
  .strict();

function seedChannel(state: VpcChannelState, raw: unknown): StoredChannel {
  const { instance_id, project_id, in_use_apis, ...body } = parseAdmin(SeedChannelSchema, raw);
  const channel = state.createVpcChannel(
    { projectId: project_id ?? "", instanceId: instance_id },
    parseApigBody(VpcCreateSchema, body),
  );
  if (in_use_apis) state.setInUse(channel.id, in_use_apis);
  return state.findVpcChannel(channel.id)!;
}

export function seedApig(state: VpcChannelState, section: unknown): void {
  const seed = parseAdmin(SeedSchema, section);
  if (seed.quota !== undefined) state.setQuota(seed.quota);
  for (const channel of seed.vpcChannels ?? []) seedChannel(state, channel);
}

const ok = (body: unknown = { ok: true }, status = 200): ServiceResponse => ({ status, body });

/** `{healthResult?, omit?, extra?}`: the health-check result, fields left out of ShowVpcChannel, fields added. */
const AnswerSchema = z
  .object({
    healthResult: z.union([z.literal(1), z.literal(2)]).optional(),
    omit: z.array(z.string()).optional(),
    extra: z.record(z.unknown()).optional(),
  })
  .strict();

/** `{members: {"<host or ECS id>": "healthy" | "unhealthy" | "unknown"}}`. */
const MemberHealthSchema = z.object({ members: z.record(z.enum(MEMBER_HEALTH)) }).strict();

function channel(state: VpcChannelState, id: string | undefined): StoredChannel {
  const found = state.findVpcChannel(id ?? "");
  if (!found) throw new AdminError(404, `no VPC channel ${id}`);
  return found;
}

export function apigAdminRoutes(state: VpcChannelState): AdminRoute[] {
  return [
    ["POST", /^\/vpc-channels$/, (_p, b) => ok(renderChannel(seedChannel(state, b)), 201)],
    [
      "PUT",
      /^\/quota$/,
      (_p, b) => {
        const { vpcChannels } = parseAdmin(z.object({ vpcChannels: z.number().int().min(0) }), b);
        state.setQuota(vpcChannels);
        return ok({ vpcChannels });
      },
    ],
    [
      "POST",
      /^\/vpc-channels\/([^/]+)\/console-edit$/,
      ([id], b) => {
        const current = channel(state, id);
        const body = parseApigBody(VpcCreateSchema, consoleEditBody(current, parseAdmin(z.record(z.unknown()), b)));
        return ok(renderChannel(state.updateVpcChannel(current.instance_id, current.id, body)));
      },
    ],
    [
      "PUT",
      /^\/vpc-channels\/([^/]+)\/answer$/,
      ([id], b) => {
        const { healthResult, ...answer } = parseAdmin(AnswerSchema, b);
        state.setAnswer(channel(state, id).id, answer, healthResult);
        return ok({ id, ...answer, healthResult });
      },
    ],
    [
      "PUT",
      /^\/vpc-channels\/([^/]+)\/member-health$/,
      ([id], b) => {
        const { members } = parseAdmin(MemberHealthSchema, b);
        const unknown = state.setMemberHealth(channel(state, id).id, members);
        if (unknown.length > 0) {
          throw new AdminError(400, `channel ${id} has no member with host or ECS id ${unknown.join(", ")}`);
        }
        return ok({ id, members });
      },
    ],
    [
      "PUT",
      /^\/vpc-channels\/([^/]+)\/in-use$/,
      ([id], b) => {
        const { apis } = parseAdmin(z.object({ apis: z.number().int().min(0) }), b);
        state.setInUse(channel(state, id).id, apis);
        return ok({ id, apis });
      },
    ],
  ];
}

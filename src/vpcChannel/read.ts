/**
 * Read-only views of a channel owned elsewhere, for stacks that only read it: `getVpcChannel(Output)` (by id or
 * name) and `getVpcChannelMembers(Output)`. They run in the program and keep nothing in state.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { outputForm, OutputArgs, parseFunctionArgs, programConfig } from "../core/functions";
import { compareCodeUnits } from "../core/normalize";
import { text } from "../core/rules";
import { apigClient, VpcChannelWire } from "../clouds/huawei/apig";
import { memberKey } from "./fields";
import { explainApig } from "./kit";
import { channelIdSchema, PLACEMENT } from "./placement";
import type { LiveChannel, MemberState, MicroserviceState } from "./outputs";
import { channelFromWire } from "./wire";

export interface GetVpcChannelArgs {
  /** Dedicated gateway id. */
  instanceId: string;
  /** The channel's id; or give `name`. */
  id?: string;
  /** The channel's exact name; or give `id`. */
  name?: string;
  /** Project id; default: `canary-mesh:huaweiProjectId` or `HUAWEICLOUD_SDK_PROJECT_ID`/`HW_PROJECT_ID`. */
  projectId?: string;
  /** Region; default: `canary-mesh:huaweiRegion` or `HW_REGION_NAME`. */
  region?: string;
}

export interface GetVpcChannelMembersArgs {
  instanceId: string;
  vpcChannelId: string;
  /** Only the members of this group. */
  groupName?: string;
  projectId?: string;
  region?: string;
}

export type GetVpcChannelOutputArgs = OutputArgs<GetVpcChannelArgs>;
export type GetVpcChannelMembersOutputArgs = OutputArgs<GetVpcChannelMembersArgs>;

/** A channel as it is live. The NACOS password is left out (a lookup result is not a secret). */
export interface VpcChannelInfo extends Omit<LiveChannel, "microservice" | "adopt" | "adoptId"> {
  id: string;
  microservice?: Omit<MicroserviceState, "nacos"> & {
    nacos?: Omit<NonNullable<MicroserviceState["nacos"]>, "user"> & { user: { userName: string } };
  };
}

export interface VpcChannelMembersInfo {
  instanceId: string;
  vpcChannelId: string;
  projectId: string;
  region: string;
  groupName?: string;
  /** Members sorted by identity, each with its `id` and `healthStatus`. */
  members: MemberState[];
  /** The members' identities (`group/address:port`), in the same order. */
  keys: string[];
}

export const GetVpcChannelSchema = z
  .object({ ...PLACEMENT, id: channelIdSchema("id").optional(), name: text("name", 3, 64).optional() })
  .strict()
  .refine((a) => (a.id === undefined) !== (a.name === undefined), {
    message: "give exactly one of id and name",
    path: ["id"],
  });

export const GetVpcChannelMembersSchema = z
  .object({
    ...PLACEMENT,
    vpcChannelId: channelIdSchema("vpcChannelId"),
    groupName: text("groupName", 3, 64).optional(),
  })
  .strict();

function explain(err: unknown, what: string): unknown {
  return explainApig(err, {
    notFound: `${what} does not exist on this gateway: check it, and instanceId, projectId, region`,
  });
}

async function show(args: { instanceId: string; projectId?: string; region?: string }, id: string) {
  const { client, projectId, region } = apigClient(programConfig(), args);
  try {
    return { wire: await client.showVpcChannel(args.instanceId, id), projectId, region };
  } catch (err) {
    throw explain(err, `Channel ${id}`);
  }
}

function withoutPassword(ms: MicroserviceState | undefined): VpcChannelInfo["microservice"] {
  if (!ms?.nacos) return ms;
  const { user, ...nacos } = ms.nacos;
  return { ...ms, nacos: { ...nacos, user: { userName: user.userName } } };
}

function info(wire: VpcChannelWire, at: { instanceId: string; projectId: string; region: string }): VpcChannelInfo {
  const live = channelFromWire(wire, at);
  return { ...live, id: wire.id, microservice: withoutPassword(live.microservice) };
}

/** Reads one channel by id or exact name (at call time, from the program; nothing is stored in state). */
export async function getVpcChannel(args: GetVpcChannelArgs): Promise<VpcChannelInfo> {
  const input = parseFunctionArgs(GetVpcChannelSchema, args, "getVpcChannel");
  let id = input.id;
  if (id === undefined) {
    const { client } = apigClient(programConfig(), input);
    const found = await client.findVpcChannelByName(input.instanceId, input.name!).catch((err: unknown) => {
      throw explain(err, `Gateway ${input.instanceId}`);
    });
    if (!found) throw new Error(`getVpcChannel: no channel named "${input.name}" on gateway ${input.instanceId}`);
    id = found.id;
  }
  const { wire, projectId, region } = await show(input, id);
  return info(wire, { instanceId: input.instanceId, projectId, region });
}

/** `getVpcChannel` for `Input` arguments. */
export const getVpcChannelOutput: (args: GetVpcChannelOutputArgs) => pulumi.Output<VpcChannelInfo> =
  outputForm(getVpcChannel);

/** Lists a channel's members (optionally of one group), sorted by identity. */
export async function getVpcChannelMembers(args: GetVpcChannelMembersArgs): Promise<VpcChannelMembersInfo> {
  const input = parseFunctionArgs(GetVpcChannelMembersSchema, args, "getVpcChannelMembers");
  const { wire, projectId, region } = await show(input, input.vpcChannelId);
  const members = Object.values(info(wire, { instanceId: input.instanceId, projectId, region }).members ?? {})
    .filter((m) => input.groupName === undefined || m.groupName === input.groupName)
    .sort((a, b) => compareCodeUnits(memberKey(a), memberKey(b)));
  const result: VpcChannelMembersInfo = {
    instanceId: input.instanceId,
    vpcChannelId: input.vpcChannelId,
    projectId,
    region,
    members,
    keys: members.map(memberKey),
  };
  if (input.groupName !== undefined) result.groupName = input.groupName;
  return result;
}

/** `getVpcChannelMembers` for `Input` arguments. */
export const getVpcChannelMembersOutput: (
  args: GetVpcChannelMembersOutputArgs,
) => pulumi.Output<VpcChannelMembersInfo> = outputForm(getVpcChannelMembers);

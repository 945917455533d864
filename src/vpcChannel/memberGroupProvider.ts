/**
 * `VpcChannelMemberGroup` provider: one group through the member-group sub-APIs (CreateMemberGroup, an upsert by
 * name; UpdateMemberGroup in place, renames included; DeleteMemberGroup), never the channel PUT.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CloudApiError, ConflictError, explainCloudError, InputError } from "../core/errors";
import { emptyToUndefined, withoutUndefined } from "../core/normalize";
import { resolveHuaweiPlacement } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { containsUnknown, formatPath } from "../core/unknowns";
import { apigClient, ApigClient, isMemberNotFound, isNotFound, MemberGroupWire } from "../clouds/huawei/apig";
import { huaweiAuthHint } from "../clouds/huawei/protocol";
import {
  diffMemberGroup,
  groupFields,
  MemberGroupOutputs,
  MemberGroupOutputsSchema,
  MemberGroupState,
  normalizeMemberGroup,
  refreshedMemberGroupInputs,
  validateMemberGroup,
} from "./memberGroup";
import { GroupState } from "./state";
import { groupWire, overLive } from "./wire";

const client = (at: Pick<MemberGroupState, "projectId" | "region">): ApigClient =>
  apigClient(getProviderConfig(), at).client;

const subject = (g: Pick<MemberGroupState, "name">) => `VpcChannelMemberGroup ${g.name}`;

function explain(err: unknown, g: Pick<MemberGroupState, "vpcChannelId">): unknown {
  return explainCloudError(err, huaweiAuthHint, (e: CloudApiError) =>
    isNotFound(e)
      ? e.withHint(
          `Channel ${g.vpcChannelId} does not exist on this gateway: check vpcChannelId (and instanceId, projectId, region)`,
        )
      : e.code === "APIG.2011"
        ? e.withHint(
            "The gateway refused a group field for this channel's type: microservice fields need a microservice channel, referenceVpcChannelId a reference channel, and NACOS channels take no group weight",
          )
        : undefined,
  );
}

function parseStored(props: unknown, id: string): MemberGroupOutputs {
  const { __provider: _p, ...raw } = (props ?? {}) as Record<string, unknown>;
  const parsed = MemberGroupOutputsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new InputError(
    `stored state of VpcChannelMemberGroup ${id} (damaged, or not written by pulumi-canary-mesh)`,
    parsed.error.issues
      .slice(0, 5)
      .map((i) => ({ property: formatPath(i.path, true) || "(state)", reason: i.message })),
  );
}

function outputs(desired: MemberGroupState, wire: MemberGroupWire): MemberGroupOutputs {
  const { id: _id, ...live } = groupWire.fromWire(wire);
  const placement = withoutUndefined({
    instanceId: desired.instanceId,
    vpcChannelId: desired.vpcChannelId,
    projectId: desired.projectId,
    region: desired.region,
    adopt: desired.adopt,
  });
  return withoutUndefined({
    ...placement,
    ...live,
    createTime: emptyToUndefined(wire.create_time),
    updateTime: emptyToUndefined(wire.update_time),
    __fields: Object.keys(groupFields(desired)).sort(),
  });
}

/** The group's fields to send: the desired ones over the live ones (a console value of an unset field stays). */
function body(desired: MemberGroupState, live?: MemberGroupWire) {
  const current = live ? groupWire.fromWire(live) : undefined;
  return groupWire.toWire(overLive<GroupState>(groupFields(desired), current));
}

export const vpcChannelMemberGroupProvider = {
  async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult> {
    const { input, failures } = validateMemberGroup(news);
    if (failures.length > 0) return { failures };
    if (!input || containsUnknown(news)) return { inputs: news };
    return { inputs: normalizeMemberGroup(input, resolveHuaweiPlacement(getProviderConfig(), process.env, input)) };
  },

  async diff(id: string, olds: unknown, news: MemberGroupState): Promise<pulumi.dynamic.DiffResult> {
    const d = diffMemberGroup(parseStored(olds, id), news);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
  },

  async create(inputs: MemberGroupState): Promise<pulumi.dynamic.CreateResult> {
    const api = client(inputs);
    const { instanceId, vpcChannelId } = inputs;
    try {
      const existing = (await api.listMemberGroups(instanceId, vpcChannelId)).find(
        (g) => g.member_group_name === inputs.name,
      );
      if (existing && !inputs.adopt) {
        throw new ConflictError(
          subject(inputs),
          "name",
          `channel ${vpcChannelId} already has a member group named "${inputs.name}" (id ${existing.member_group_id}): set adopt: true to manage it with this resource (also the way out after an interrupted pulumi up), or choose another name`,
        );
      }
      const [created] = (await api.upsertMemberGroups(instanceId, vpcChannelId, [body(inputs, existing)])).filter(
        (g) => g.member_group_name === inputs.name,
      );
      const id = created?.member_group_id ?? existing?.member_group_id;
      if (!id) throw new Error(`${subject(inputs)}: the gateway answered without the group's id`);
      return { id, outs: outputs(inputs, await api.showMemberGroup(instanceId, vpcChannelId, id)) };
    } catch (err) {
      throw explain(err, inputs);
    }
  },

  async read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    const stored = parseStored(props, id);
    try {
      const wire = await client(stored).showMemberGroup(stored.instanceId, stored.vpcChannelId, id);
      const outs = { ...outputs(stored, wire), __fields: stored.__fields };
      return { id, props: outs, inputs: refreshedMemberGroupInputs(outs) };
    } catch (err) {
      if (isNotFound(err) || isMemberNotFound(err)) return {};
      throw explain(err, stored);
    }
  },

  async update(id: string, _olds: unknown, news: MemberGroupState): Promise<pulumi.dynamic.UpdateResult> {
    const api = client(news);
    try {
      const live = await api.showMemberGroup(news.instanceId, news.vpcChannelId, id);
      const wire = await api.updateMemberGroup(news.instanceId, news.vpcChannelId, id, body(news, live));
      return { outs: outputs(news, wire) };
    } catch (err) {
      throw explain(err, news);
    }
  },

  /** Refuses while the group has members: deleting it would drop members other resources or people own. */
  async delete(id: string, props: unknown): Promise<void> {
    const stored = parseStored(props, id);
    const api = client(stored);
    try {
      const members = await api.listMembers(stored.instanceId, stored.vpcChannelId, { groupId: id });
      if (members.length > 0) {
        const hosts = members.slice(0, 3).map((m) => m.host || m.ecs_id || m.id);
        throw new ConflictError(
          subject(stored),
          "members",
          `the group still has ${members.length} member(s) (${hosts.join(", ")}${members.length > 3 ? ", …" : ""}): remove them first (from the VpcChannelMembers or VpcChannel that owns them, or in the console), then run pulumi destroy or up again`,
        );
      }
      await api.deleteMemberGroup(stored.instanceId, stored.vpcChannelId, id);
    } catch (err) {
      if (isNotFound(err) || isMemberNotFound(err)) return;
      throw explain(err, stored);
    }
  },
};

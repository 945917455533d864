/**
 * `VpcChannelMemberGroup` provider: one group through the member-group sub-APIs (CreateMemberGroup, an upsert by
 * name; UpdateMemberGroup in place, renames included; DeleteMemberGroup), never the channel PUT.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConflictError } from "../core/errors";
import { emptyToUndefined, withoutUndefined } from "../core/normalize";
import { MemberGroupWire } from "../clouds/huawei/apig";
import { overLive } from "./fields";
import { apigAt, ApigHints, apigStep, channelNotFound, groupHasMembers, familyKit } from "./kit";
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
import { groupWire } from "./wire";

const subject = (g: Pick<MemberGroupState, "name">) => `VpcChannelMemberGroup ${g.name}`;

const hints = (g: Pick<MemberGroupState, "vpcChannelId">): ApigHints => ({
  notFound: channelNotFound(g.vpcChannelId),
  "APIG.2011":
    "The gateway refused a group field for this channel's type: microservice fields need a microservice channel, referenceVpcChannelId a reference channel, and NACOS channels take no group weight",
});

const kit = familyKit({
  resource: "VpcChannelMemberGroup",
  validate: validateMemberGroup,
  normalize: normalizeMemberGroup,
  outputs: MemberGroupOutputsSchema,
  diff: diffMemberGroup,
});

/** Outputs: placement, the group as live, and the fields the user sets. */
function memberGroupOutputs(desired: MemberGroupState, wire: MemberGroupWire): MemberGroupOutputs {
  const { id: _id, ...live } = groupWire.fromWire(wire);
  const { instanceId, vpcChannelId, projectId, region, adopt } = desired;
  return withoutUndefined({
    ...withoutUndefined({ instanceId, vpcChannelId, projectId, region, adopt }),
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

/** Deletes the group; refused while it has members: they would be dropped, and other resources or people own them. */
async function deleteGroup(stored: MemberGroupOutputs, id: string): Promise<void> {
  const api = apigAt(stored);
  const members = await api.listMembers(stored.instanceId, stored.vpcChannelId, { groupId: id });
  if (members.length > 0) {
    throw groupHasMembers(
      subject(stored),
      "members",
      members.map((m) => m.host || m.ecs_id || m.id || "?"),
      ": remove them first (from the VpcChannelMembers or VpcChannel that owns them, or in the console), then run pulumi destroy or up again",
    );
  }
  await api.deleteMemberGroup(stored.instanceId, stored.vpcChannelId, id);
}

export const vpcChannelMemberGroupProvider = {
  check: kit.check,
  diff: kit.diff,

  create(inputs: MemberGroupState): Promise<pulumi.dynamic.CreateResult> {
    const api = apigAt(inputs);
    const { instanceId, vpcChannelId } = inputs;
    return apigStep(hints(inputs), async () => {
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
      return { id, outs: memberGroupOutputs(inputs, await api.showMemberGroup(instanceId, vpcChannelId, id)) };
    });
  },

  /** A group (or its channel) deleted outside Pulumi reads as gone. */
  read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
    const stored = kit.parseStored(props, id);
    return apigStep(
      hints(stored),
      async () => {
        const wire = await apigAt(stored).showMemberGroup(stored.instanceId, stored.vpcChannelId, id);
        const outs = { ...memberGroupOutputs(stored, wire), __fields: stored.__fields };
        return { id, props: outs, inputs: refreshedMemberGroupInputs(outs) };
      },
      () => ({}),
    );
  },

  update(id: string, _olds: unknown, news: MemberGroupState): Promise<pulumi.dynamic.UpdateResult> {
    const api = apigAt(news);
    return apigStep(hints(news), async () => {
      const live = await api.showMemberGroup(news.instanceId, news.vpcChannelId, id);
      const wire = await api.updateMemberGroup(news.instanceId, news.vpcChannelId, id, body(news, live));
      return { outs: memberGroupOutputs(news, wire) };
    });
  },

  delete(id: string, props: unknown): Promise<void> {
    const stored = kit.parseStored(props, id);
    return apigStep(
      hints(stored),
      () => deleteGroup(stored, id),
      () => undefined,
    );
  },
};

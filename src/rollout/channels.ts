/**
 * The rollout's side of a channel: one read per `up` (ShowVpcChannel: the two groups, their ids, weights and
 * fields), then weight writes through UpdateMemberGroup, one per group whose weight changes (never the channel PUT,
 * never a read-back), and the canary members' health for the `healthyMembers` gate (ListBackendInstances of the
 * canary group). Every other field of a group is written back as it was read, so a console edit of it survives.
 */
import { ConflictError } from "../core/errors";
import type { ApigClient, MemberGroupWire, MemberWire } from "../clouds/huawei/apig";
import { apigAt, apigStep, channelNotFound } from "../vpcChannel/kit";
import { groupWire } from "../vpcChannel/wire";
import type { LiveWeights } from "./machine";
import { channelKey } from "./state";
import type { RolloutChannel } from "./surface";

/** A channel as the rollout drives it. */
export interface RolloutChannelPort {
  readonly key: string;
  /** The channel's name (its id until read). */
  readonly label: string;
  weights(): LiveWeights;
  /** Sets the two groups' weights; one write per group that changes. Returns the writes made. */
  set(weights: { stable: number; canary: number }): Promise<number>;
  /** The canary group's members, as the health check reports them now. */
  canaryMembers(): Promise<MemberWire[]>;
}

const hints = (c: RolloutChannel) => ({ notFound: channelNotFound(c.vpcChannelId) });

class ApigRolloutChannel implements RolloutChannelPort {
  readonly key: string;
  constructor(
    private readonly api: ApigClient,
    private readonly ref: RolloutChannel,
    readonly label: string,
    private stable: MemberGroupWire,
    private canary: MemberGroupWire,
  ) {
    this.key = channelKey(ref);
  }

  weights(): LiveWeights {
    return {
      key: this.key,
      stable: this.stable.member_group_weight ?? null,
      canary: this.canary.member_group_weight ?? null,
    };
  }

  async set(weights: { stable: number; canary: number }): Promise<number> {
    const writes = [
      [this.stable, weights.stable, (g: MemberGroupWire) => (this.stable = g)],
      [this.canary, weights.canary, (g: MemberGroupWire) => (this.canary = g)],
    ] as const;
    const changed = writes.filter(([group, weight]) => group.member_group_weight !== weight);
    await apigStep(hints(this.ref), () =>
      Promise.all(
        changed.map(async ([group, weight, keep]) => {
          const body = groupWire.toWire({ ...groupWire.fromWire(group), weight });
          const answered = await this.api.updateMemberGroup(
            this.ref.instanceId,
            this.ref.vpcChannelId,
            group.member_group_id!,
            body,
          );
          keep({ ...group, ...answered, member_group_weight: answered.member_group_weight ?? weight });
        }),
      ),
    );
    return changed.length;
  }

  canaryMembers(): Promise<MemberWire[]> {
    return apigStep(hints(this.ref), () =>
      this.api.listMembers(this.ref.instanceId, this.ref.vpcChannelId, { groupId: this.canary.member_group_id! }),
    );
  }
}

/** The ports' weights by channel key and group name (what outputs keep as `__seen`). */
export function seenOf(
  channels: readonly RolloutChannel[],
  ports: readonly RolloutChannelPort[],
): Record<string, Record<string, number | null>> {
  return Object.fromEntries(
    channels.map((c, i) => {
      const w = ports[i]!.weights();
      return [channelKey(c), { [c.stableGroup]: w.stable, [c.canaryGroup]: w.canary }];
    }),
  );
}

/** Reads the channel once; a missing group is refused with what to do. */
export async function openChannel(ref: RolloutChannel): Promise<RolloutChannelPort> {
  const api = apigAt(ref);
  const wire = await apigStep(hints(ref), () => api.showVpcChannel(ref.instanceId, ref.vpcChannelId));
  const groups = wire.member_groups ?? [];
  const find = (name: string, role: "stableGroup" | "canaryGroup") => {
    const group = groups.find((g) => g.member_group_name === name);
    if (!group?.member_group_id) {
      const names = groups.map((g) => g.member_group_name).sort();
      throw new ConflictError(
        `CanaryRollout on channel ${wire.name}`,
        role,
        `the channel has no member group "${name}" (it has: ${names.join(", ") || "none"}); create it first (VpcChannel memberGroups without weight, or VpcChannelMemberGroup)`,
      );
    }
    return group;
  };
  return new ApigRolloutChannel(
    api,
    ref,
    wire.name,
    find(ref.stableGroup, "stableGroup"),
    find(ref.canaryGroup, "canaryGroup"),
  );
}

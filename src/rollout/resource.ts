/**
 * `CanaryRollout`: a canary released step by step inside `pulumi up`, gated on the mesh and the canary's health,
 * rolled back on its own. The program-side check here refuses a `VpcChannel` of the same program that also sets
 * the weight of a group the rollout owns: the two would undo each other on every `up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { argsOf, resourceClass } from "../core/resourceClass";
import type { VpcChannelArgs, VpcChannelGroupArgs } from "../vpcChannel/args";
import { VpcChannel } from "../vpcChannel/resource";
import type { CanaryRolloutArgs, CanaryRolloutChannelArgs, CanaryRolloutOutputs } from "./surface";

type Resources = { resources?: () => Set<pulumi.Resource> };

/** The `VpcChannel` of this program an id comes from, if any. */
function channelResource(id: unknown): VpcChannel | undefined {
  if (!pulumi.Output.isInstance(id)) return undefined;
  return [...((id as Resources).resources?.() ?? [])].find((r): r is VpcChannel => r instanceof VpcChannel);
}

/**
 * The channels, refused (when they resolve) if a `VpcChannel` of this program sets the weight of a group the rollout
 * owns: the rollout owns those two weights; declare the groups without `weight`.
 */
function refuseWeightOwners(channels: CanaryRolloutArgs["channels"]): pulumi.Output<unknown> {
  const list = Array.isArray(channels) ? (channels as pulumi.Input<CanaryRolloutChannelArgs>[]) : [];
  const owners = list.map((c) => {
    const plain = c && typeof c === "object" && !pulumi.Output.isInstance(c) && !(c instanceof Promise);
    const owner = plain ? channelResource((c as CanaryRolloutChannelArgs).vpcChannelId) : undefined;
    if (!owner) return pulumi.output({ name: "", groups: [] as VpcChannelGroupArgs[] });
    const groups = pulumi.output(argsOf<VpcChannelArgs>(owner)?.memberGroups ?? []);
    // The URN's last part is the resource's name.
    return pulumi.all([owner.urn, groups]).apply(([urn, g]) => ({
      name: urn.split("::").pop()!,
      groups: g as VpcChannelGroupArgs[],
    }));
  });
  return pulumi.all([pulumi.output(channels), pulumi.all(owners)]).apply(([resolved, owned]) => {
    resolved.forEach((c, i) => {
      const owner = owned[i];
      for (const role of ["stableGroup", "canaryGroup"] as const) {
        const group = owner?.groups.find((g) => g.name === c[role]);
        if (group && group.weight !== undefined) {
          throw new Error(
            `CanaryRollout channels[${i}].${role}: VpcChannel ${owner!.name} also sets memberGroups "${c[role]}" weight (${String(group.weight)}); the rollout owns that weight, and the two would undo each other on every pulumi up. Remove weight from the VpcChannel's "${c.stableGroup}" and "${c.canaryGroup}" groups`,
          );
        }
      }
    });
    return resolved;
  });
}

/**
 * A canary released step by step inside `pulumi up`: before each step every gate must pass, then every channel's
 * weights move together, then the step's pause. A failed gate sets every channel back to its baseline (or holds,
 * with `onGateFailure: "pause"`) and fails the `up`, with the state recording it. A pause that does not fit
 * `maxUpdateSeconds` ends the `up` as `Paused`; the next `up` continues from the live weights. Deleting it leaves
 * the weights where they are.
 */
export class CanaryRollout extends resourceClass<CanaryRolloutArgs, CanaryRolloutOutputs>({
  module: "canary-mesh/rollout",
  type: "CanaryRollout",
  kind: "canaryRollout",
  optionalInputs: ["gates", "onGateFailure", "maxUpdateSeconds", "promote", "retry", "allowBaselineJump"],
  outputs: {
    revision: true,
    channels: true,
    steps: true,
    phase: true,
    step: true,
    canaryWeight: true,
    message: true,
    nextStepAt: true,
    history: true,
    gateResults: true,
  },
  props: (args) => ({ ...args, channels: refuseWeightOwners(args.channels) }),
}) {}

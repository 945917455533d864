/**
 * `CanaryRollout`: a canary released step by step inside `pulumi up`, gated on the mesh and the canary's health,
 * rolled back on its own. The program-side check here refuses a `VpcChannel` of the same program that also sets
 * the weight of a group the rollout owns: the two would undo each other on every `up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { argsOf, resourceClass } from "../core/resourceClass";
import type { VpcChannelArgs, VpcChannelGroupArgs } from "../vpcChannel/args";
import { VpcChannel } from "../vpcChannel/resource";
import type {
  CanaryRolloutArgs,
  CanaryRolloutChannelArgs,
  CanaryRolloutGatesArgs,
  CanaryRolloutOutputs,
} from "./surface";
import { INTENT_CONFIG_KEY } from "./surface";

type Resources = { resources?: () => Set<pulumi.Resource> };

/** The `VpcChannel` of this program an id comes from, if any. */
function channelResource(id: unknown): VpcChannel | undefined {
  if (!pulumi.Output.isInstance(id)) return undefined;
  return [...((id as Resources).resources?.() ?? [])].find((r): r is VpcChannel => r instanceof VpcChannel);
}

/** The conflict of a group the rollout owns with a `VpcChannel` that sets its weight, if there is one. */
function weightConflict(
  i: number,
  owner: string,
  groups: readonly VpcChannelGroupArgs[],
  stable: string,
  canary: string,
) {
  for (const [role, name] of [
    ["stableGroup", stable],
    ["canaryGroup", canary],
  ] as const) {
    const group = groups.find((g) => g.name === name);
    if (group && group.weight !== undefined) {
      return new Error(
        `CanaryRollout channels[${i}].${role}: VpcChannel ${owner} also sets memberGroups "${name}" weight (${String(group.weight)}); the rollout owns that weight, and the two would undo each other on every pulumi up. Remove weight from the VpcChannel's "${stable}" and "${canary}" groups`,
      );
    }
  }
  return undefined;
}

const isPlain = (v: unknown): boolean =>
  v !== null && typeof v === "object" && !pulumi.Output.isInstance(v) && !(v instanceof Promise);

/**
 * The channels, refused if a `VpcChannel` of this program also sets the weight of a group the rollout owns (the two
 * would undo each other on every `up`). Plain values are checked at once, so the program stops right here; values
 * still to come (`Output`s) are checked when they resolve, at preview too while the channel's id is unknown.
 */
function refuseWeightOwners(channels: CanaryRolloutArgs["channels"]): pulumi.Input<unknown> {
  const list = Array.isArray(channels) ? (channels as pulumi.Input<CanaryRolloutChannelArgs>[]) : [];
  const pending = list.flatMap((c, i) => {
    const channel = isPlain(c) ? (c as CanaryRolloutChannelArgs) : undefined;
    const owner = channel && channelResource(channel.vpcChannelId);
    if (!channel || !owner) return [];
    const groups = argsOf<VpcChannelArgs>(owner)?.memberGroups ?? [];
    const { stableGroup, canaryGroup } = channel;
    if (
      Array.isArray(groups) &&
      groups.every(isPlain) &&
      typeof stableGroup === "string" &&
      typeof canaryGroup === "string"
    ) {
      // The engine's own field for a resource's name (set by every Resource constructor).
      const ownerName = (owner as unknown as { __name?: string }).__name ?? "?";
      const conflict = weightConflict(i, ownerName, groups as VpcChannelGroupArgs[], stableGroup, canaryGroup);
      if (conflict) throw conflict;
      return [];
    }
    return [
      pulumi.all([owner.urn, groups, stableGroup, canaryGroup]).apply(([urn, owned, stable, canary]) => {
        // The URN's last part is the resource's name.
        const conflict = weightConflict(i, urn.split("::").pop()!, owned as VpcChannelGroupArgs[], stable, canary);
        if (conflict) throw conflict;
        return true;
      }),
    ];
  });
  // Checked at once: the channels go as given, so a preview shows them (and the review reads them) field by field.
  return pending.length === 0 ? channels : pulumi.all(pending).apply(() => pulumi.output(channels));
}

/** The gates, with every header of a metric or webhook a secret (encrypted in state; the rest stays readable). */
function secretHeaders(gates: CanaryRolloutArgs["gates"]): CanaryRolloutArgs["gates"] {
  const seal = <T extends { headers?: unknown }>(list: unknown): unknown =>
    Array.isArray(list)
      ? list.map((item) =>
          isPlain(item) && (item as T).headers !== undefined
            ? { ...(item as T), headers: pulumi.secret((item as T).headers) }
            : item,
        )
      : list;
  if (gates === undefined || !isPlain(gates)) return gates;
  const g = gates as CanaryRolloutGatesArgs;
  return { ...g, prometheus: seal(g.prometheus), webhooks: seal(g.webhooks) } as CanaryRolloutGatesArgs;
}

/**
 * An operator's request to this rollout (`canary-mesh rollout promote|abort|retry <name>`), from stack config: the
 * command line cannot edit the program, and only the program knows which resource is which. Passed on as is; the
 * provider's check validates it and applies it once.
 */
function requestFor(name: string): { __intent?: unknown } {
  const requests = new pulumi.Config("canary-mesh").getObject<Record<string, unknown>>(INTENT_CONFIG_KEY);
  const request = requests?.[name];
  return request === undefined ? {} : { __intent: request };
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
  props: (args, name) => ({
    ...args,
    channels: refuseWeightOwners(args.channels),
    gates: secretHeaders(args.gates),
    ...requestFor(name),
  }),
}) {}

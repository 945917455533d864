/**
 * The provider kit of the channel family (`VpcChannel`, `VpcChannelMembers`, `VpcChannelMemberGroup`, and every
 * resource that writes to channels, such as `CanaryRollout`): where a resource lives (the fields are in
 * `placement.ts`, which public declarations may reach), the APIG client for it, hints for the APIG errors users can act on, and the refusal that keeps members
 * from being dropped with their group. The check/diff pair comes from `core/providerKit`.
 */
import { CloudApiError, ConflictError, explainCloudError } from "../core/errors";
import { ResourceKit, resourceKit, ResourceKitSpec } from "../core/providerKit";
import { resolveHuaweiPlacement, ConfigSource } from "../core/settings";
import { getProviderConfig } from "../core/stackConfig";
import { apigClient, ApigClient, isMemberNotFound, isNotFound } from "../clouds/huawei/apig";
import { huaweiAuthHint } from "../clouds/huawei/protocol";

// ---------------------------------------------------------------- placement (fields in `placement.ts`)

/** The project and region a resource lives in: its arguments, else stack config, else environment. */
export function resolvePlacement(
  config: ConfigSource,
  input: { projectId?: string; region?: string },
): { projectId: string; region: string } {
  return resolveHuaweiPlacement(config, process.env, input);
}

/**
 * `resourceKit` for a resource of the family: `normalize` gets the placement the input leaves out resolved from
 * stack config and environment.
 */
export function familyKit<Input extends { projectId?: string; region?: string }, State, Outputs>(
  spec: Omit<ResourceKitSpec<Input, State, Outputs>, "normalize"> & {
    normalize: (input: Input, placement: { projectId: string; region: string }) => State;
  },
): ResourceKit<State, Outputs> {
  return resourceKit({ ...spec, normalize: (input, config) => spec.normalize(input, resolvePlacement(config, input)) });
}

/** The APIG client for a resolved placement, with the provider's stack config. */
export function apigAt(at: { projectId: string; region: string }): ApigClient {
  return apigClient(getProviderConfig(), at).client;
}

// ---------------------------------------------------------------- errors users can act on

/** Hints by APIG error code; `notFound` for a channel that does not exist. */
export type ApigHints = Record<string, string> & { notFound?: string };

/** A failed APIG call with what to do next: credentials and throttling first, then the resource's own hints. */
export function explainApig(err: unknown, hints: ApigHints): unknown {
  return explainCloudError(err, huaweiAuthHint, (e: CloudApiError) => {
    if (hints.notFound && isNotFound(e)) return e.withHint(hints.notFound);
    const hint = e.code ? hints[e.code] : undefined;
    return hint ? e.withHint(hint) : undefined;
  });
}

/**
 * Runs the calls of one provider step: a failure is explained with `hints`; with `ifGone`, a channel, member or
 * group that is not there (a refresh or delete of something already deleted) answers `ifGone()` instead.
 */
export async function apigStep<T>(hints: ApigHints, step: () => Promise<T>, ifGone?: () => T): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (ifGone && (isNotFound(err) || isMemberNotFound(err))) return ifGone();
    throw explainApig(err, hints);
  }
}

/** The hint for a channel owned elsewhere that is not there. */
export const channelNotFound = (vpcChannelId: string) =>
  `Channel ${vpcChannelId} does not exist on this gateway: check vpcChannelId (and instanceId, projectId, region)`;

/**
 * Refuses to delete a group that still has members: they would be dropped with it, and they may be another
 * stack's or someone's in the console. `members` names them (the first three are shown); `rest` goes on the
 * sentence with who owns them and what to do.
 */
export function groupHasMembers(subject: string, property: string, members: string[], rest: string): ConflictError {
  const shown = members.slice(0, 3).join(", ") + (members.length > 3 ? ", …" : "");
  return new ConflictError(subject, property, `the group still has ${members.length} member(s) (${shown})${rest}`);
}

/**
 * The provider Pulumi stores with every resource (`__provider`, in inputs and outputs), and runs on refresh and
 * destroy. The engine's dynamic-provider host loads that text as a CommonJS module and calls its `handler()`
 * (`require-from-string`, then `.handler()`: sdk/nodejs/cmd/dynamic-provider, the same in every 3.x release). Ours
 * is a constant one-line module naming only a kind: it `require`s the implementation from the installed package
 * through the stable `pulumi-canary-mesh/provider` subpath, so fixes reach existing resources, nothing is ever
 * captured, and no closure is serialized at program time (what `pulumi.dynamic.Resource` would do for every
 * resource). State written by 0.1 holds a serialized closure instead, which calls the same subpath's `call`.
 */
/**
 * Every provider kind, registered once: the module (relative to the package's `provider` entry point) that
 * implements it and the name it exports. A kind is never renamed or removed: state names it.
 */
export const PROVIDER_KINDS = {
  vpcChannel: ["./vpcChannel/provider", "vpcChannelProvider"],
  vpcChannelMembers: ["./vpcChannel/membersProvider", "vpcChannelMembersProvider"],
  vpcChannelMemberGroup: ["./vpcChannel/memberGroupProvider", "vpcChannelMemberGroupProvider"],
  greyTagRouteLookup: ["./lookups/greyTagRoute", "greyTagRouteLookupProvider"],
  proxyStatusLookup: ["./lookups/proxyStatus", "proxyStatusLookupProvider"],
  meshUpgradeLookup: ["./lookups/meshUpgrade", "meshUpgradeLookupProvider"],
  canaryRollout: ["./rollout/provider", "canaryRolloutProvider"],
} as const satisfies Record<string, readonly [module: string, name: string]>;

export type ProviderKind = keyof typeof PROVIDER_KINDS;

/** The `__provider` text of a kind (about 90 bytes). */
export function providerText(kind: ProviderKind): string {
  return `exports.handler=()=>require("pulumi-canary-mesh/provider").shim(${JSON.stringify(kind)});`;
}

/** The type token of a dynamic resource, served by the engine's Node.js dynamic-provider host. */
export function dynamicType(module: string, type: string): string {
  return `pulumi-nodejs:dynamic/${module}:${type}`;
}

/**
 * A dynamic resource's properties: what `pulumi.dynamic.Resource` registers, with `providerText(kind)` as the
 * provider instead of a serialized closure. Optional inputs left out and every output are registered as
 * `undefined`, so the engine knows their names before the first create; `args` win over both.
 */
export function withProvider(
  kind: ProviderKind,
  args: object,
  absent: { optional?: readonly string[]; outputs?: readonly string[] } = {},
): Record<string, unknown> {
  const none = Object.fromEntries([...(absent.optional ?? []), ...(absent.outputs ?? [])].map((k) => [k, undefined]));
  return { ...none, ...args, __provider: providerText(kind) };
}

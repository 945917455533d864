/**
 * The serialized dynamic provider. Pulumi stores this object's text with every resource and runs the stored
 * copy on refresh and destroy, so it holds nothing but a kind string: each call `require`s the implementation
 * from the installed package through the stable `pulumi-canary-mesh/provider` subpath. Fixes to the package
 * therefore reach existing resources, and the stored text never changes between releases.
 */
import type * as pulumi from "@pulumi/pulumi";

export type ProviderKind =
  | "vpcChannel"
  | "vpcChannelMembers"
  | "vpcChannelMemberGroup"
  | "greyTagRouteLookup"
  | "proxyStatusLookup"
  | "meshUpgradeLookup";

export function providerShim(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  // Short names on purpose: this text is stored twice per resource in every stack's state.
  const k = kind;
  const c = (m: string, a: unknown[]) => require("pulumi-canary-mesh/provider").call(k, m, a);
  return {
    configure: (...a) => c("configure", a),
    check: (...a) => c("check", a),
    diff: (...a) => c("diff", a),
    create: (...a) => c("create", a),
    read: (...a) => c("read", a),
    update: (...a) => c("update", a),
    delete: (...a) => c("delete", a),
  } as pulumi.dynamic.ResourceProvider;
}

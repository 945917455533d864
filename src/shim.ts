/**
 * The serialized dynamic provider. Pulumi stores this object's text with every resource and runs the stored
 * copy on refresh and destroy, so it holds nothing but a kind string: each call `require`s the implementation
 * from the installed package through the stable `pulumi-canary-mesh/provider` subpath. Fixes to the package
 * therefore reach existing resources, and the stored text never changes between releases.
 */
import type * as pulumi from "@pulumi/pulumi";

export type ProviderKind = "vpcChannel" | "greyTagRouteLookup" | "proxyStatusLookup" | "meshUpgradeLookup";

export function providerShim(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  const call = (method: string, args: unknown[]) => require("pulumi-canary-mesh/provider").call(kind, method, args);
  return {
    configure: (...a) => call("configure", a),
    check: (...a) => call("check", a),
    diff: (...a) => call("diff", a),
    create: (...a) => call("create", a),
    read: (...a) => call("read", a),
    update: (...a) => call("update", a),
    delete: (...a) => call("delete", a),
  } as pulumi.dynamic.ResourceProvider;
}

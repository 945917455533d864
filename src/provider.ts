/**
 * Stable entry point `pulumi-canary-mesh/provider`, required at call time by the serialized shim. Its path and
 * the `call(kind, method, args)` signature must never change: state written by every earlier release uses them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderKind } from "./shim";
import { setProviderConfig } from "./core/stackConfig";

type Impl = pulumi.dynamic.ResourceProvider & Record<string, unknown>;

function load(kind: ProviderKind): Impl {
  switch (kind) {
    case "vpcChannel":
      return require("./vpcChannel/provider").vpcChannelProvider;
    case "vpcChannelMembers":
      return require("./vpcChannel/membersProvider").vpcChannelMembersProvider;
    case "vpcChannelMemberGroup":
      return require("./vpcChannel/memberGroupProvider").vpcChannelMemberGroupProvider;
    case "greyTagRouteLookup":
      return require("./lookups/greyTagRoute").greyTagRouteLookupProvider;
    case "proxyStatusLookup":
      return require("./lookups/proxyStatus").proxyStatusLookupProvider;
    case "meshUpgradeLookup":
      return require("./lookups/meshUpgrade").meshUpgradeLookupProvider;
    default:
      throw new Error(
        `pulumi-canary-mesh: unknown provider kind "${String(kind)}"; upgrade the pulumi-canary-mesh package`,
      );
  }
}

export async function call(kind: ProviderKind, method: string, args: unknown[]): Promise<unknown> {
  if (method === "configure") {
    const req = args[0] as pulumi.dynamic.ConfigureRequest;
    setProviderConfig((key) => req.config.get(key));
    return undefined;
  }
  const impl = load(kind);
  const fn = impl[method];
  if (typeof fn !== "function") throw new Error(`pulumi-canary-mesh: ${kind} does not implement ${method}`);
  return (fn as (...a: unknown[]) => unknown).apply(impl, args);
}

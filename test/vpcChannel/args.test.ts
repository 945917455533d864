/**
 * Public args and their schemas must name the same fields: the args are written by hand for their TSDoc, the
 * schemas are what `check` enforces. A field in one and not the other fails this file's type-check (ts-jest reports
 * type errors as failures).
 */
import type { z } from "zod";
import {
  HealthCheckInputSchema,
  MemberGroupInputSchema,
  MemberInputSchema,
  VpcChannelArgs,
  VpcChannelHealthCheckArgs,
  VpcChannelInputSchema,
  VpcChannelMemberArgs,
  VpcChannelMemberGroupArgs,
} from "../../src/vpcChannel/args";
import {
  MicroserviceInputSchema,
  VpcChannelMicroserviceArgs,
  VpcChannelNacosArgs,
} from "../../src/vpcChannel/microserviceArgs";
import {
  GetGreyTagRoutesArgs,
  GetGreyTagRoutesInputSchema,
  GreyTagRouteLookupArgs,
  GreyTagRouteLookupInputSchema,
} from "../../src/lookups/greyTagRoute";
import {
  GetProxyStatusArgs,
  GetProxyStatusInputSchema,
  ProxyStatusLookupArgs,
  ProxyStatusLookupInputSchema,
  ProxyStatusWaitForArgs,
  ProxyStatusWaitForSchema,
} from "../../src/lookups/proxyStatus";
import {
  GetMeshUpgradeArgs,
  GetMeshUpgradeInputSchema,
  MeshUpgradeLookupArgs,
  MeshUpgradeLookupInputSchema,
  MeshUpgradeWaitForArgs,
  MeshUpgradeWaitForSchema,
} from "../../src/lookups/meshUpgrade";

type Keys<T> = Exclude<keyof T, symbol>;
/** `true` when both name exactly the same fields; otherwise a type that says which. */
type SameKeys<A, B> = [Keys<A>] extends [Keys<B>]
  ? [Keys<B>] extends [Keys<A>]
    ? true
    : { onlyInSchema: Exclude<Keys<B>, Keys<A>> }
  : { onlyInArgs: Exclude<Keys<A>, Keys<B>> };
type Input<S extends z.ZodTypeAny> = NonNullable<z.input<S>>;

const checks: true[] = [
  true satisfies SameKeys<VpcChannelArgs, Input<typeof VpcChannelInputSchema>>,
  true satisfies SameKeys<VpcChannelMemberArgs, Input<typeof MemberInputSchema>>,
  true satisfies SameKeys<VpcChannelMemberGroupArgs, Input<typeof MemberGroupInputSchema>>,
  // `status` is in the schema only to say what became of it (the health-check result, now an output).
  true satisfies SameKeys<VpcChannelHealthCheckArgs, Omit<Input<typeof HealthCheckInputSchema>, "status">>,
  true satisfies SameKeys<VpcChannelMicroserviceArgs, Input<typeof MicroserviceInputSchema>>,
  true satisfies SameKeys<VpcChannelNacosArgs, NonNullable<Input<typeof MicroserviceInputSchema>["nacos"]>>,
  true satisfies SameKeys<GreyTagRouteLookupArgs, Input<typeof GreyTagRouteLookupInputSchema>>,
  true satisfies SameKeys<GetGreyTagRoutesArgs, Input<typeof GetGreyTagRoutesInputSchema>>,
  true satisfies SameKeys<ProxyStatusLookupArgs, Input<typeof ProxyStatusLookupInputSchema>>,
  true satisfies SameKeys<GetProxyStatusArgs, Input<typeof GetProxyStatusInputSchema>>,
  true satisfies SameKeys<ProxyStatusWaitForArgs, Input<typeof ProxyStatusWaitForSchema>>,
  true satisfies SameKeys<MeshUpgradeLookupArgs, Input<typeof MeshUpgradeLookupInputSchema>>,
  true satisfies SameKeys<GetMeshUpgradeArgs, Input<typeof GetMeshUpgradeInputSchema>>,
  true satisfies SameKeys<MeshUpgradeWaitForArgs, Input<typeof MeshUpgradeWaitForSchema>>,
];

it("public args and input schemas name the same fields (checked when this file compiles)", () => {
  expect(checks).toHaveLength(14);
});

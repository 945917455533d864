/**
 * Public args and their schemas must name the same fields: the args are written by hand for their TSDoc, the
 * schemas are what `check` enforces. A field in one and not the other fails this file's type-check (ts-jest reports
 * type errors as failures).
 */
import fs from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { GateTimingArgs, gateTimingFields } from "../../src/core/poll";
import {
  HealthCheckInputSchema,
  MemberGroupInputSchema,
  MemberInputSchema,
  VpcChannelArgs,
  VpcChannelGroupArgs,
  VpcChannelHealthCheckArgs,
  VpcChannelInputSchema,
  VpcChannelMemberArgs,
} from "../../src/vpcChannel/args";
import { PLACEMENT, PlacementArgs } from "../../src/vpcChannel/placement";
import { CanaryRolloutInputSchema, GatesSchema, PrometheusGateSchema, WebhookSchema } from "../../src/rollout/args";
import type {
  CanaryRolloutArgs,
  CanaryRolloutChannelArgs,
  CanaryRolloutGatesArgs,
  CanaryRolloutPauseArgs,
  CanaryRolloutStepArgs,
  HealthyMembersGateArgs,
  MeshUpgradeGateArgs,
  PrometheusGateArgs,
  ProxyStatusGateArgs,
  ValueRangeArgs,
  WebhookArgs,
} from "../../src/rollout/surface";
import {
  MemberGroupResourceInputSchema,
  VpcChannelMemberGroupArgs,
  VpcChannelMemberGroupResourceArgs,
} from "../../src/vpcChannel/memberGroup";
import {
  VpcChannelMembersArgs,
  VpcChannelMembersInputSchema,
  VpcChannelMembersMemberArgs,
} from "../../src/vpcChannel/members";
import {
  MicroserviceInputSchema,
  VpcChannelCceArgs,
  VpcChannelCceServiceArgs,
  VpcChannelCseArgs,
  VpcChannelMicroserviceArgs,
  VpcChannelNacosArgs,
  VpcChannelNacosServerArgs,
} from "../../src/vpcChannel/microserviceArgs";
import {
  GetVpcChannelArgs,
  GetVpcChannelMembersArgs,
  GetVpcChannelMembersSchema,
  GetVpcChannelSchema,
} from "../../src/vpcChannel/read";
import {
  GetGreyTagRouteArgs,
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
type Micro = Input<typeof MicroserviceInputSchema>;
type Element<T> = T extends ReadonlyArray<infer E> ? E : never;
type Rollout = Input<typeof CanaryRolloutInputSchema>;

/** Every public `*Args` type with the schema `check` (or the function) applies to it. */
const checks = {
  VpcChannelArgs: true satisfies SameKeys<VpcChannelArgs, Input<typeof VpcChannelInputSchema>>,
  VpcChannelMemberArgs: true satisfies SameKeys<VpcChannelMemberArgs, Input<typeof MemberInputSchema>>,
  VpcChannelGroupArgs: true satisfies SameKeys<VpcChannelGroupArgs, Input<typeof MemberGroupInputSchema>>,
  // `status` is in the schema only to say what became of it (the health-check result, now an output).
  VpcChannelHealthCheckArgs: true satisfies SameKeys<
    VpcChannelHealthCheckArgs,
    Omit<Input<typeof HealthCheckInputSchema>, "status">
  >,
  VpcChannelMicroserviceArgs: true satisfies SameKeys<VpcChannelMicroserviceArgs, Micro>,
  VpcChannelCseArgs: true satisfies SameKeys<VpcChannelCseArgs, NonNullable<Micro["cse"]>>,
  VpcChannelCceArgs: true satisfies SameKeys<VpcChannelCceArgs, NonNullable<Micro["cce"]>>,
  VpcChannelCceServiceArgs: true satisfies SameKeys<VpcChannelCceServiceArgs, NonNullable<Micro["cceService"]>>,
  VpcChannelNacosArgs: true satisfies SameKeys<VpcChannelNacosArgs, NonNullable<Micro["nacos"]>>,
  VpcChannelNacosServerArgs: true satisfies SameKeys<
    VpcChannelNacosServerArgs,
    Element<NonNullable<Micro["nacos"]>["servers"]>
  >,
  PlacementArgs: true satisfies SameKeys<PlacementArgs, z.input<z.ZodObject<typeof PLACEMENT>>>,
  VpcChannelMembersArgs: true satisfies SameKeys<VpcChannelMembersArgs, Input<typeof VpcChannelMembersInputSchema>>,
  VpcChannelMembersMemberArgs: true satisfies SameKeys<
    VpcChannelMembersMemberArgs,
    Element<Input<typeof VpcChannelMembersInputSchema>["members"]>
  >,
  VpcChannelMemberGroupArgs: true satisfies SameKeys<
    VpcChannelMemberGroupArgs,
    Input<typeof MemberGroupResourceInputSchema>
  >,
  VpcChannelMemberGroupResourceArgs: true satisfies SameKeys<
    VpcChannelMemberGroupResourceArgs,
    Input<typeof MemberGroupResourceInputSchema>
  >,
  GetVpcChannelArgs: true satisfies SameKeys<GetVpcChannelArgs, Input<typeof GetVpcChannelSchema>>,
  GetVpcChannelMembersArgs: true satisfies SameKeys<GetVpcChannelMembersArgs, Input<typeof GetVpcChannelMembersSchema>>,
  GreyTagRouteLookupArgs: true satisfies SameKeys<GreyTagRouteLookupArgs, Input<typeof GreyTagRouteLookupInputSchema>>,
  GetGreyTagRouteArgs: true satisfies SameKeys<GetGreyTagRouteArgs, Input<typeof GreyTagRouteLookupInputSchema>>,
  GetGreyTagRoutesArgs: true satisfies SameKeys<GetGreyTagRoutesArgs, Input<typeof GetGreyTagRoutesInputSchema>>,
  ProxyStatusLookupArgs: true satisfies SameKeys<ProxyStatusLookupArgs, Input<typeof ProxyStatusLookupInputSchema>>,
  GetProxyStatusArgs: true satisfies SameKeys<GetProxyStatusArgs, Input<typeof GetProxyStatusInputSchema>>,
  ProxyStatusWaitForArgs: true satisfies SameKeys<ProxyStatusWaitForArgs, Input<typeof ProxyStatusWaitForSchema>>,
  MeshUpgradeLookupArgs: true satisfies SameKeys<MeshUpgradeLookupArgs, Input<typeof MeshUpgradeLookupInputSchema>>,
  GetMeshUpgradeArgs: true satisfies SameKeys<GetMeshUpgradeArgs, Input<typeof GetMeshUpgradeInputSchema>>,
  MeshUpgradeWaitForArgs: true satisfies SameKeys<MeshUpgradeWaitForArgs, Input<typeof MeshUpgradeWaitForSchema>>,
  GateTimingArgs: true satisfies SameKeys<GateTimingArgs, z.input<z.ZodObject<typeof gateTimingFields>>>,
  // `__intent` is passed by the resource from stack config (`canary-mesh rollout`), never by a program.
  CanaryRolloutArgs: true satisfies SameKeys<
    CanaryRolloutArgs,
    Omit<Input<typeof CanaryRolloutInputSchema>, "__intent">
  >,
  CanaryRolloutChannelArgs: true satisfies SameKeys<CanaryRolloutChannelArgs, Element<Rollout["channels"]>>,
  CanaryRolloutStepArgs: true satisfies SameKeys<CanaryRolloutStepArgs, Element<Rollout["steps"]>>,
  CanaryRolloutPauseArgs: true satisfies SameKeys<
    CanaryRolloutPauseArgs,
    NonNullable<Element<Rollout["steps"]>["pause"]>
  >,
  CanaryRolloutGatesArgs: true satisfies SameKeys<CanaryRolloutGatesArgs, Input<typeof GatesSchema>>,
  HealthyMembersGateArgs: true satisfies SameKeys<
    HealthyMembersGateArgs,
    Exclude<NonNullable<Input<typeof GatesSchema>["healthyMembers"]>, boolean>
  >,
  ProxyStatusGateArgs: true satisfies SameKeys<
    ProxyStatusGateArgs,
    NonNullable<Input<typeof GatesSchema>["proxyStatus"]>
  >,
  MeshUpgradeGateArgs: true satisfies SameKeys<
    MeshUpgradeGateArgs,
    NonNullable<Input<typeof GatesSchema>["meshUpgrade"]>
  >,
  PrometheusGateArgs: true satisfies SameKeys<PrometheusGateArgs, Input<typeof PrometheusGateSchema>>,
  ValueRangeArgs: true satisfies SameKeys<ValueRangeArgs, Input<typeof PrometheusGateSchema>["thresholdRange"]>,
  WebhookArgs: true satisfies SameKeys<WebhookArgs, Input<typeof WebhookSchema>>,
};

it("public args and input schemas name the same fields (checked when this file compiles)", () => {
  expect(Object.values(checks).every((c) => c === true)).toBe(true);
});

it("every *Args type the package exports is checked here (the *OutputArgs forms derive from their *Args)", () => {
  const src = path.join(__dirname, "../../src");
  const files = [
    path.join(src, "index.ts"),
    ...fs.readdirSync(path.join(src, "namespaces")).map((f) => path.join(src, "namespaces", f)),
  ];
  const exported = new Set(
    files
      .flatMap((f) => fs.readFileSync(f, "utf8").match(/\b[A-Z]\w*Args\b/g) ?? [])
      .filter((name) => !name.endsWith("OutputArgs")),
  );
  expect([...exported].sort()).toEqual(Object.keys(checks).sort());
});

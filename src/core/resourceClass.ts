/**
 * How every resource of this package is declared: a class per resource type whose outputs are listed once, as the
 * keys of `outputs`, which the compiler holds to exactly the fields of the resource's outputs type (where their
 * TSDoc lives). The stored provider is the constant shim text of the resource's kind (see `shim.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import { dynamicType, ProviderKind, withProvider } from "../shim";

/** A resource's outputs: each field of its outputs type as an `Output`. */
export type ResourceOutputs<Outputs> = { readonly [K in keyof Outputs]-?: pulumi.Output<Outputs[K]> };

/** The class of a resource: constructed from its args, with the fields of `Outputs` as outputs. */
export type ResourceClass<Args, Outputs> = new (
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.CustomResource & ResourceOutputs<Outputs>;

export interface ResourceClassSpec<Args, Outputs> {
  /** Type token parts: `canary-mesh/huawei/apig` and `VpcChannel`. Never renamed: URNs hold them. */
  module: string;
  type: string;
  kind: ProviderKind;
  /** Inputs that may be left out: registered as `undefined`, so the engine knows their names. */
  optionalInputs: ReadonlyArray<keyof Args & string>;
  /** Every output, once. */
  outputs: { readonly [K in keyof Outputs]-?: true };
  /** Outputs stored encrypted whatever the inputs were. */
  secretOutputs?: ReadonlyArray<keyof Outputs & string>;
  /** The properties to register from the args and the resource's name (default: the args as given). */
  props?: (args: Args, name: string) => object;
}

/** The args each resource was constructed with, in this program (for checks that span resources). */
const ARGS = new WeakMap<object, object>();

/** The args a resource of this package was constructed with in this program; undefined for any other resource. */
export function argsOf<Args extends object>(resource: object): Args | undefined {
  return ARGS.get(resource) as Args | undefined;
}

/** The base class of a resource, from its spec (see `ResourceClassSpec`). */
export function resourceClass<Args extends object, Outputs>(
  spec: ResourceClassSpec<Args, Outputs>,
): ResourceClass<Args, Outputs> {
  const absent = { optional: spec.optionalInputs, outputs: Object.keys(spec.outputs) };
  const secrets = spec.secretOutputs ? { additionalSecretOutputs: [...spec.secretOutputs] } : {};
  return class extends pulumi.CustomResource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      const props = withProvider(spec.kind, spec.props ? spec.props(args, name) : args, absent);
      super(dynamicType(spec.module, spec.type), name, props, pulumi.mergeOptions(opts, secrets));
      ARGS.set(this, args);
    }
  } as unknown as ResourceClass<Args, Outputs>;
}

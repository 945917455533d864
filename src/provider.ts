/**
 * Stable entry point `pulumi-canary-mesh/provider`, required by the provider text stored in state (`shim(kind)`,
 * see src/shim.ts) and by the serialized closures 0.1 stored (`call(kind, method, args)`). Neither the path nor
 * these two signatures may ever change: state written by every release uses them.
 */
import type * as pulumi from "@pulumi/pulumi";
import { PROVIDER_KINDS, ProviderKind } from "./shim";
import { setProviderConfig } from "./core/stackConfig";

type Impl = pulumi.dynamic.ResourceProvider & Record<string, unknown>;

function load(kind: ProviderKind): Impl {
  const entry = Object.hasOwn(PROVIDER_KINDS, kind) ? PROVIDER_KINDS[kind] : undefined;
  if (!entry) {
    throw new Error(
      `pulumi-canary-mesh: unknown provider kind "${String(kind)}"; upgrade the pulumi-canary-mesh package`,
    );
  }
  const [module, name] = entry;
  return require(module)[name];
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

/** The dynamic provider of a kind, as the stored provider text's `handler()` returns it. */
export function shim(kind: ProviderKind): pulumi.dynamic.ResourceProvider {
  const c =
    (method: string) =>
    (...args: unknown[]) =>
      call(kind, method, args);
  return {
    configure: c("configure"),
    check: c("check"),
    diff: c("diff"),
    create: c("create"),
    read: c("read"),
    update: c("update"),
    delete: c("delete"),
  } as pulumi.dynamic.ResourceProvider;
}

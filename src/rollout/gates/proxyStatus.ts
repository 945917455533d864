/**
 * Gate `proxyStatus`: every data-plane proxy of an Alibaba ASM mesh SYNCED for the four xDS types. Proxies still
 * syncing are waited for, up to the timeout; a mesh with no proxies has received nothing and does not pass.
 */
import type { ConfigSource } from "../../core/settings";
import { describeProxyStatus, readProxyStatus } from "../../lookups/proxyStatus";
import { conditionGate, Gate, GateTiming } from "../gates";

export function proxyStatusGate(
  options: GateTiming & { config: ConfigSource; serviceMeshId: string; region: string },
): Gate {
  return conditionGate({
    ...options,
    name: "proxyStatus",
    measure: async () => {
      const status = await readProxyStatus(options.config, options);
      const measured = `${status.syncedCount}/${status.total} proxies synced`;
      const limit = "every proxy SYNCED";
      const detail = `mesh ${options.serviceMeshId}: ${describeProxyStatus(status)}`;
      return { outcome: status.allSynced ? "pass" : "wait", measured, limit, detail };
    },
  });
}

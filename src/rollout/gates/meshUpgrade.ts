/**
 * Gate `meshUpgrade`: a Huawei ASM canary-upgrade task in a wanted phase (and state). A state of `failStates` (the
 * upgrade failed or was rolled back) fails at once; any other state is waited for, up to the timeout.
 */
import type { ConfigSource } from "../../core/settings";
import {
  describeMeshUpgrade,
  describeWantedStates,
  meshUpgradeReached,
  readMeshUpgrade,
} from "../../lookups/meshUpgrade";
import { conditionGate, Gate, GateTiming } from "../gates";

export function meshUpgradeGate(
  options: GateTiming & {
    config: ConfigSource;
    meshUpgradeId: string;
    projectId: string;
    region: string;
    phases?: string[];
    states?: string[];
    failStates: string[];
  },
): Gate {
  const wanted = describeWantedStates(options);
  return conditionGate({
    ...options,
    name: "meshUpgrade",
    measure: async () => {
      const task = await readMeshUpgrade(options.config, options);
      const measured = describeMeshUpgrade(task);
      const detail = `mesh upgrade ${options.meshUpgradeId}: ${measured}`;
      if (task.state !== undefined && options.failStates.includes(task.state)) {
        return { outcome: "fail", measured, limit: wanted, detail: `${detail} (a failed upgrade)` };
      }
      return { outcome: meshUpgradeReached(task, options) ? "pass" : "wait", measured, limit: wanted, detail };
    },
  });
}

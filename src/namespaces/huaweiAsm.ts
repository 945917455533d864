export { getMeshUpgrade, getMeshUpgradeOutput, MeshUpgradeLookup } from "../lookups/meshUpgrade";
export type {
  GetMeshUpgradeArgs,
  GetMeshUpgradeOutputArgs,
  MeshUpgrade,
  MeshUpgradeLookupArgs,
  MeshUpgradeWaitForArgs,
} from "../lookups/meshUpgrade";
export type { GateTimingArgs } from "../core/poll";

export { getMeshUpgrade, getMeshUpgradeOutput, MeshUpgradeLookup } from "../lookups/meshUpgrade";
export type { GetMeshUpgradeArgs, MeshUpgrade, MeshUpgradeLookupArgs } from "../lookups/meshUpgrade";

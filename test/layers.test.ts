/**
 * The import layers of src/ (eslint.config.js): for every layer, an import from each layer above it, and from an
 * isolated sibling, fails lint; so does anything but core and signing imported into the emulator.
 */
import path from "node:path";
import { ESLint } from "eslint";

const ROOT = path.resolve(__dirname, "..");
/** One module of each layer's members, lowest layer first (as in eslint.config.js). */
const MEMBERS: Array<[string, string]> = [
  ["signing", "signing/encoding"],
  ["core", "core/errors"],
  ["clouds", "clouds/huawei/apig"],
  ["vpcChannel", "vpcChannel/state"],
  ["lookups", "lookups/trackedLookup"],
  ["rollout", "rollout/machine"],
  ["review", "review/guardrails"],
  ["namespaces", "namespaces/huawei"],
];
const ORDER = ["signing", "core", "clouds", "vpcChannel|lookups", "rollout", "review", "namespaces"];
const level = (layer: string) => ORDER.findIndex((l) => l.split("|").includes(layer));

// The config is passed in, not loaded: ESLint loads config files with a dynamic import, which jest's VM refuses.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  baseConfig: require(path.join(ROOT, "eslint.config.js")),
});
async function violations(target: string, imported: string): Promise<string[]> {
  const file = path.join(ROOT, "src", target, "layerProbe.ts");
  const from = path.relative(path.dirname(file), path.join(ROOT, "src", imported)).replace(/\\/g, "/");
  const [result] = await eslint.lintText(
    `import * as probe from "${from.startsWith(".") ? from : `./${from}`}";\nexport const used = probe;\n`,
    {
      filePath: file,
    },
  );
  return result!.messages.filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
}

const pairs = MEMBERS.flatMap(([layer]) =>
  MEMBERS.filter(([other]) => other !== layer).map(([other, module]) => [layer, other, module] as const),
);

it.each(pairs)(
  "%s importing %s (%s)",
  async (layer, other, module) => {
    const upward = level(other) > level(layer) || (level(other) === level(layer) && layer !== other);
    expect((await violations(layer, module)).length > 0).toBe(upward);
  },
  30_000,
);

it.each(MEMBERS)(
  "the emulator importing %s (%s)",
  async (layer, module) => {
    expect((await violations("emulator", module)).length > 0).toBe(!["signing", "core"].includes(layer));
  },
  30_000,
);

const tseslint = require("typescript-eslint");
const importPlugin = require("eslint-plugin-import");

/**
 * The layers of src/, lowest first. A module may import only from layers below its own; in an `isolated` layer the
 * members may not import each other either. The emulator, an independent reading of the API documents, may import
 * only signing and core.
 */
const LAYERS = [
  { paths: ["signing"] },
  { paths: ["core", "shim.ts"] },
  { paths: ["clouds"] },
  { paths: ["vpcChannel", "lookups"], isolated: true },
  { paths: ["rollout"] },
  { paths: ["review"] },
  { paths: ["namespaces", "index.ts", "provider.ts", "policy.ts", "cli"] },
];
const EMULATOR_MAY_IMPORT = ["signing", "core"];

function layerZones() {
  const src = (p) => `./src/${p}`;
  const zones = [];
  LAYERS.forEach((layer, i) => {
    const above = LAYERS.slice(i + 1).flatMap((l) => l.paths);
    for (const target of layer.paths) {
      const siblings = layer.isolated ? layer.paths.filter((p) => p !== target) : [];
      for (const from of [...above, ...siblings]) {
        zones.push({ target: src(target), from: src(from), message: `${target} sits below ${from} in the layers of src/.` });
      }
    }
  });
  for (const from of LAYERS.flatMap((l) => l.paths).filter((p) => !EMULATOR_MAY_IMPORT.includes(p))) {
    zones.push({ target: src("emulator"), from: src(from), message: "The emulator imports only core and signing." });
  }
  return zones;
}

module.exports = tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", ".tools/**", ".demo/**", "docs/**", "bench/results*"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { import: importPlugin },
    // Without .ts among the resolver's extensions, imports do not resolve and the layer rule checks nothing.
    settings: { "import/resolver": { node: { extensions: [".ts", ".js", ".json"] } } },
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // One direction of imports: each layer imports only from the layers below it.
      "import/no-restricted-paths": ["error", { zones: layerZones() }],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: Object.fromEntries(
        ["require", "module", "exports", "__dirname", "__filename", "process", "console", "fetch", "URL", "Buffer", "setTimeout", "clearTimeout"].map((g) => [g, "readonly"]),
      ),
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);

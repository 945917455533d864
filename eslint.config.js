const tseslint = require("typescript-eslint");
const importPlugin = require("eslint-plugin-import");

module.exports = tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", ".tools/**", ".demo/**", "docs/**", "bench/results*"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { import: importPlugin },
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // One direction of imports: the emulator is an independent reading of the API documents.
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./src/emulator", from: "./src/clouds", message: "The emulator imports only core and signing." },
            { target: "./src/emulator", from: "./src/vpcChannel", message: "The emulator imports only core and signing." },
            { target: "./src/emulator", from: "./src/lookups", message: "The emulator imports only core and signing." },
            { target: "./src/emulator", from: "./src/index.ts", message: "The emulator imports only core and signing." },
            { target: "./src/core", from: "./src/clouds", message: "core sits below the cloud clients." },
            { target: "./src/signing", from: "./src/core", message: "signing is pure and sits at the bottom." },
            { target: "./src/clouds", from: "./src/vpcChannel", message: "clients sit below resources." },
            { target: "./src/clouds", from: "./src/lookups", message: "clients sit below lookups." },
          ],
        },
      ],
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

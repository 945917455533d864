/**
 * Two projects: `unit` (pure and in-process suites, TypeScript sources, seconds) and `e2e` (`*.e2e.test.ts`: the real
 * Pulumi CLI against compiled dist/). `npm run test:unit` runs the first alone. Matrix cells (`*.cell.test.ts`) run
 * only from `npm run test:matrix`, each with its own runtime and SDK.
 */
const shared = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ["ts", "js", "json"],
  // The matrix keeps a copy of the checkout there.
  modulePathIgnorePatterns: ["<rootDir>/.tools/"],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 30000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: ["/node_modules/", "\\.e2e\\.test\\.ts$", "\\.cell\\.test\\.ts$"],
    },
    {
      ...shared,
      displayName: "e2e",
      testMatch: ["<rootDir>/test/**/*.e2e.test.ts"],
    },
    // Only when scripts/matrix.js runs a cell.
    ...(process.env.CANARY_MESH_MATRIX_CELL
      ? [{ ...shared, displayName: "cell", testMatch: ["<rootDir>/test/package/*.cell.test.ts"] }]
      : []),
  ],
};

/** Unit and integration tests run from TypeScript sources; engine tests (test/e2e) drive compiled dist/. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  // Matrix cells run only from `npm run test:matrix`, each with its own runtime and SDK.
  testPathIgnorePatterns: ["/node_modules/", "\\.cell\\.test\\.ts$"],
  // The matrix keeps a copy of the checkout there.
  modulePathIgnorePatterns: ["<rootDir>/.tools/"],
  moduleFileExtensions: ["ts", "js", "json"],
  testTimeout: 30000,
  maxWorkers: 2,
};

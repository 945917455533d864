/**
 * Built-in test credentials the emulator accepts when the standard environment variables do not name others.
 * They are public by design: they only ever work against the local emulator.
 */
export const EMULATOR_HUAWEI_ACCESS_KEY = "CANARYMESHEMULATORAK0";
export const EMULATOR_HUAWEI_SECRET_KEY = "canary-mesh-emulator-huawei-secret-key";
export const EMULATOR_HUAWEI_AUTH_TOKEN = "canary-mesh-emulator-iam-token";
/** A Huawei key that may only read: writes answer 403 `APIG.1005` (no permission), as for an IAM user with a read-only policy. */
export const EMULATOR_HUAWEI_READONLY_ACCESS_KEY = "CANARYMESHREADONLYAK0";
export const EMULATOR_HUAWEI_READONLY_SECRET_KEY = "canary-mesh-emulator-huawei-readonly-secret";
export const EMULATOR_ALIBABA_ACCESS_KEY_ID = "LTAI5tCanaryMeshEmulator";
export const EMULATOR_ALIBABA_ACCESS_KEY_SECRET = "canary-mesh-emulator-alibaba-secret";
/** A project id to use with the emulator (any 32-hex id is accepted). */
export const EMULATOR_HUAWEI_PROJECT_ID = "0123456789abcdef0123456789abcdef";

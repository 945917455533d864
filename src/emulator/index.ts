/**
 * Local emulator of the four cloud APIs this package drives (Huawei APIG VPC channels, Huawei ASM mesh upgrade
 * tasks, Alibaba SAE grey tag routes, Alibaba ASM proxy status), for the demo and the integration tests.
 * It reads the API documents independently of the clients: it imports only `core` and `signing`.
 */
import { Emulator, EmulatorOptions } from "./server";

export type { EmulatorOptions } from "./server";
export type { EmulatorCredentials } from "./auth";
export type { FaultSpec } from "./faults";
export type { RequestLogEntry } from "./admin";
export type {
  AdminRoute,
  CloudId,
  EmulatedService,
  Route,
  ServiceContext,
  ServiceFactory,
  ServiceId,
  ServiceRequest,
  ServiceResponse,
} from "./service";
export { SERVICES } from "./registry";
export * from "./keys";

export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`; every service answers on it. */
  url: string;
  port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** Starts an emulator; signatures are verified unless `verifySignatures: false`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options);
  const { url, port } = await emulator.listen();
  return { url, port, close: () => emulator.close() };
}

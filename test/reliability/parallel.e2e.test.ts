/**
 * Parallelism under throttling: `pulumi up --parallel 16` over 40 channels (quota raised) against an emulator
 * that allows only a few calls per second, answering the rest with 429 APIG.0308. Every call must get through
 * on its retries (no failure), the retries must stay bounded, and the result must be exact. Then `pulumi
 * destroy --parallel 16` under the same limit removes everything.
 */
import { startEmulator } from "../../src/emulator";
import { E2EStack } from "../e2e/harness";
import { channelsProgram, convergence, fleet, perAction, runPulumi, SOAK } from "./support";
import { adminCall, requestLog } from "../support/emulator";
import { emulatorStackConfig } from "../support/fixtures";

jest.setTimeout(SOAK ? 1_800_000 : 240_000);

const INSTANCE = "gw-parallel";
const CHANNELS = SOAK ? 120 : 40;
const PER_SECOND = 10;
const MAX_ATTEMPTS = 10;

describe("pulumi up --parallel 16 against a rate-limited gateway", () => {
  it(`creates and destroys ${CHANNELS} channels with no failure and bounded retries`, async () => {
    const emulator = await startEmulator({ port: 0 });
    const declared = fleet(CHANNELS, INSTANCE, 0, "par");
    const stack = await E2EStack.create({
      program: channelsProgram(declared),
      config: { ...emulatorStackConfig(emulator.url), ...{ "canary-mesh:retryMaxAttempts": String(MAX_ATTEMPTS) } },
    });
    try {
      await adminCall(emulator.url, "PUT", "/huawei/apig/quota", { vpcChannels: CHANNELS + 10 });
      await adminCall(emulator.url, "PUT", "/rate-limit", { perSecond: PER_SECOND });

      const started = Date.now();
      const up = await runPulumi(stack, ["up", "--yes", "--skip-preview", "--parallel", "16"]);
      const upSeconds = (Date.now() - started) / 1000;
      expect(up.stdout + up.stderr).not.toMatch(/error:/);
      expect(up.code).toBe(0);
      // The channels plus the stack itself.
      expect(up.stdout).toMatch(new RegExp(`\\+ ${CHANNELS + 1} created`));
      const upLog = await requestLog(emulator.url);

      await adminCall(emulator.url, "PUT", "/rate-limit", { perSecond: null });
      const c = await convergence(emulator.url, INSTANCE, declared);
      expect(c.lost).toEqual([]);
      expect(c.duplicated).toEqual([]);
      expect(c.problems).toEqual([]);
      expect(c.channels).toBe(CHANNELS);

      await adminCall(emulator.url, "DELETE", "/requests");
      await adminCall(emulator.url, "PUT", "/rate-limit", { perSecond: PER_SECOND });
      const destroyStarted = Date.now();
      const destroy = await runPulumi(stack, ["destroy", "--yes", "--skip-preview", "--parallel", "16"]);
      const destroySeconds = (Date.now() - destroyStarted) / 1000;
      expect(destroy.code).toBe(0);
      const destroyLog = await requestLog(emulator.url);
      await adminCall(emulator.url, "PUT", "/rate-limit", { perSecond: null });
      expect((await convergence(emulator.url, INSTANCE, [])).problems).toEqual([]);

      const report = (name: string, log: typeof upLog, seconds: number) => {
        const throttled = log.filter((r) => r.status === 429).length;
        const ok = log.filter((r) => r.status >= 200 && r.status < 300).length;
        const failed = log.filter((r) => r.status >= 300 && r.status !== 429).length;
        const accepted = perAction(log.filter((r) => r.status !== 429));
        return { name, calls: log.length, ok, throttled, failed, seconds, accepted };
      };
      const phases = [report("up", upLog, upSeconds), report("destroy", destroyLog, destroySeconds)];
      for (const p of phases) {
        // Every call eventually went through; the only refusals were throttling.
        expect(p.failed).toBe(0);
        // Bounded: never more than MAX_ATTEMPTS - 1 retries per successful call, and in practice far fewer.
        expect(p.throttled).toBeLessThanOrEqual((MAX_ATTEMPTS - 1) * p.ok);
        expect(p.throttled).toBeLessThan(3 * p.ok);
        console.log(
          `[parallel] ${p.name} --parallel 16, ${CHANNELS} channels, ${PER_SECOND} calls/s: ${p.calls} calls, ${p.ok} accepted, ` +
            `${p.throttled} throttled (429 APIG.0308) and retried (${(p.throttled / p.ok).toFixed(2)} retries per call), 0 failed, ` +
            `${p.seconds.toFixed(1)} s; accepted per action ${JSON.stringify(p.accepted)}`,
        );
      }
      // One create per channel: throttling never made the provider send a create twice.
      expect(phases[0]!.accepted.CreateVpcChannel).toBe(CHANNELS);
      expect(phases[1]!.accepted.DeleteVpcChannel).toBe(CHANNELS);
    } finally {
      stack.cleanup();
      await emulator.close();
    }
  });
});

/** VpcChannel state, pure: normalisation of validated input, refreshed inputs and parsing of stored outputs. */
import { diffChannel } from "../../src/vpcChannel/diff";
import { memberKey } from "../../src/vpcChannel/fields";
import { managedBlocks, parseStoredOutputs, readStoredOutputs } from "../../src/vpcChannel/state";
import { refreshedInputs } from "../../src/vpcChannel/refresh";
import { desired, outputsFor } from "../support/channel";
import { STANDARD_HEALTH_CHECK, TWO_MEMBER_CHANNEL } from "../support/fixtures";

const base = TWO_MEMBER_CHANNEL;

describe("normalisation", () => {
  it("keys members by group/host:port and groups by name; fields left unset stay unset (not managed)", () => {
    const s = desired(base);
    expect(Object.keys(s.members!).sort()).toEqual(["canary/10.0.0.6:9090", "stable/10.0.0.5:8080"]);
    expect(Object.keys(s.memberGroups!).sort()).toEqual(["canary", "stable"]);
    expect(s.members!["stable/10.0.0.5:8080"]).toEqual({
      host: "10.0.0.5",
      port: 8080,
      weight: 10,
      groupName: "stable",
    });
    expect(s.healthCheck).toEqual({
      protocol: "HTTP",
      path: "/healthz",
      thresholdNormal: 2,
      thresholdAbnormal: 5,
      interval: 10,
      timeout: 5,
      httpCodes: "200-299",
    });
    expect(s.balanceStrategy).toBe("roundRobin");
  });

  it("reads status names and codes alike, and health-check port 0 as the channel port", () => {
    const s = desired({
      ...base,
      members: [
        { host: "10.0.0.5", status: 2, isBackup: true },
        { host: "10.0.0.6", status: "available" },
      ],
      healthCheck: { ...STANDARD_HEALTH_CHECK, port: 0, method: "HEAD", enableClientSsl: false },
    });
    expect(s.members!["10.0.0.5:8080"]).toMatchObject({ status: "unavailable", isBackup: true });
    expect(s.members!["10.0.0.6:8080"]).toMatchObject({ status: "available" });
    expect(s.healthCheck).toMatchObject({ port: 8080, method: "HEAD", enableClientSsl: false });
  });

  it("makes reordering code no change", () => {
    const reordered = { ...base, members: [...base.members].reverse(), memberGroups: [...base.memberGroups].reverse() };
    // Maps, compared as the engine does (it stores and shows property maps sorted by key).
    expect(desired(reordered)).toEqual(desired(base));
  });

  it("accepts API codes for the balance strategy and the legacy type", () => {
    const s = desired({ ...base, balanceStrategy: 2, type: 2 });
    expect(s.balanceStrategy).toBe("leastConnections");
    expect(s.channelType).toBe("builtin");
  });

  it("formats identity keys without group for ungrouped members and uses ecsId for ecs members", () => {
    expect(memberKey({ host: "h", port: 1 })).toBe("h:1");
    expect(memberKey({ ecsId: "ecs-1", host: "10.0.0.1", port: 80, groupName: "g" })).toBe("g/ecs-1:80");
  });
});

describe("refreshed inputs", () => {
  it("match the live channel on managed blocks only, without computed fields", () => {
    const { healthCheck: _h, ...rest } = base;
    const s = desired(rest);
    const outs = outputsFor(desired(base));
    outs.__managed = managedBlocks(s);
    const inputs = refreshedInputs(outs);
    expect(inputs).not.toHaveProperty("healthCheck");
    expect(inputs).not.toHaveProperty("status");
    expect(inputs.members!["stable/10.0.0.5:8080"]).not.toHaveProperty("id");
    expect(inputs.members!["stable/10.0.0.5:8080"]).not.toHaveProperty("healthStatus");
    expect(diffChannel(outs, inputs).changes).toBe(false);
  });
});

describe("stored outputs", () => {
  it("parse every VpcChannel that release 0.1.0 wrote (test/fixtures/state-0.1.0)", () => {
    const exported = require("../fixtures/state-0.1.0/stack.json") as {
      deployment: { resources: Array<{ type: string; id: string; outputs: Record<string, unknown> }> };
    };
    const channels = exported.deployment.resources.filter((r) => r.type.endsWith(":VpcChannel"));
    expect(channels).toHaveLength(3);
    for (const r of channels) {
      // The secret microservice block is ciphertext in an export: leave it to the engine.
      const { microservice: _m, ...outputs } = r.outputs;
      const parsed = parseStoredOutputs(outputs, r.id);
      expect(parsed.__managed.length).toBeGreaterThan(0);
      expect(parsed.instanceId).toBe("gw-fixture");
    }
  });

  it("refuse a damaged state with the property and what to do, not a crash", () => {
    const good = outputsFor(desired(base));
    const damaged = { ...good, members: { "stable/10.0.0.5:8080": { host: "10.0.0.5", port: "8080" } } };
    expect(() => parseStoredOutputs(damaged, "abc")).toThrow(
      /stored state of VpcChannel abc \(damaged.*\): members\["stable\/10\.0\.0\.5:8080"\]\.port: Expected number/,
    );
    expect(() => parseStoredOutputs({ name: "x" }, "abc")).toThrow(/instanceId/);
    expect(parseStoredOutputs({ ...good, __provider: "…", fromALaterRelease: 1 }, "abc")).toEqual(good);
  });

  it("read for diff as the full parse reads them: the cheap path takes members only when zod would keep them as is", () => {
    const good = outputsFor(desired(base));
    expect(readStoredOutputs({ ...good, __provider: "…" }, "abc")).toEqual(parseStoredOutputs(good, "abc"));
    const key = "stable/10.0.0.5:8080";
    const member = good.members![key]!;
    // Taken as it is: not copied.
    expect(readStoredOutputs(good, "abc").members![key]).toBe(member);
    // An unknown key goes through zod, which strips it; a wrong type or enum value is the full parse's error.
    const extra = { ...good, members: { ...good.members, [key]: { ...member, later: 1 } } };
    expect(readStoredOutputs(extra, "abc").members![key]).toEqual(member);
    for (const bad of [
      { ...member, port: "8080" },
      { ...member, status: "enabled" },
      { ...member, port: undefined },
    ]) {
      const damaged = { ...good, members: { ...good.members, [key]: bad } };
      expect(() => readStoredOutputs(damaged, "abc")).toThrow(/stored state of VpcChannel abc \(damaged/);
    }
    expect(() => readStoredOutputs({ ...good, port: "80" }, "abc")).toThrow(/port: Expected number/);
  });
});

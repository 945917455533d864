/** `CanaryRollout` input rules: every problem at preview, before any call, naming the property and the rule. */
import { validateRollout } from "../../src/rollout/args";
import { normalizeRollout } from "../../src/rollout/provider";
import { UNKNOWN } from "../../src/core/unknowns";

const CHANNEL = { instanceId: "gw-1", vpcChannelId: "a".repeat(32), stableGroup: "stable", canaryGroup: "canary" };
const valid = (patch: Record<string, unknown> = {}) => ({
  revision: "orders-v2",
  channels: [CHANNEL],
  steps: [{ weight: 10, pause: { seconds: 300 } }, { weight: 30, pause: { untilPromoted: true } }, { weight: 100 }],
  ...patch,
});

const failuresOf = (raw: Record<string, unknown>) => validateRollout(raw).failures;

describe("validateRollout", () => {
  it("accepts the documented plan", () => {
    expect(failuresOf(valid())).toEqual([]);
    expect(
      failuresOf(
        valid({
          gates: {
            healthyMembers: true,
            proxyStatus: { serviceMeshId: "c0ffee", timeoutSeconds: 120 },
            meshUpgrade: { meshUpgradeId: "u-1", phases: ["DataPlaneUpgrading", "Completed"], timeoutSeconds: 300 },
          },
          onGateFailure: "pause",
          maxUpdateSeconds: 600,
          promote: 1,
          retry: 0,
        }),
      ),
    ).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Array<{ property: string; reason: RegExp }>]>([
    ["no steps", { steps: [] }, [{ property: "steps", reason: /at least one step/ }]],
    [
      "a weight outside 0–100",
      { steps: [{ weight: 10 }, { weight: 120 }] },
      [{ property: "steps[1].weight", reason: /weight must be 0–100/ }],
    ],
    [
      "weights not strictly increasing",
      { steps: [{ weight: 30 }, { weight: 30 }, { weight: 100 }] },
      [{ property: "steps[1].weight", reason: /strictly increasing: step 1 \(30\) is not above step 0 \(30\)/ }],
    ],
    [
      "a last step below 100",
      { steps: [{ weight: 10 }, { weight: 50 }] },
      [{ property: "steps[1].weight", reason: /the last step must be 100/ }],
    ],
    [
      "a pause with both seconds and untilPromoted",
      { steps: [{ weight: 10, pause: { seconds: 5, untilPromoted: true } }, { weight: 100 }] },
      [{ property: "steps[0].pause", reason: /exactly one of seconds and untilPromoted/ }],
    ],
    [
      "a pause with neither",
      { steps: [{ weight: 10, pause: {} }, { weight: 100 }] },
      [{ property: "steps[0].pause", reason: /exactly one of seconds and untilPromoted/ }],
    ],
    [
      "an unknown key",
      { steps: [{ weight: 10, wait: 5 }, { weight: 100 }] },
      [{ property: "steps[0].wait", reason: /unknown property "wait"; check the spelling against CanaryRolloutArgs/ }],
    ],
    [
      "stable and canary the same group",
      { channels: [{ ...CHANNEL, canaryGroup: "stable" }] },
      [{ property: "channels[0].canaryGroup", reason: /must be two groups/ }],
    ],
    [
      "the same channel twice",
      { channels: [CHANNEL, { ...CHANNEL, stableGroup: "blue", canaryGroup: "green" }] },
      [{ property: "channels[1]", reason: /duplicates channels\[0\]/ }],
    ],
    [
      "promote beyond the last step",
      { promote: 3 },
      [{ property: "promote", reason: /at most 2, the last step's index/ }],
    ],
    [
      "maxUpdateSeconds shorter than a gate's timeout",
      { maxUpdateSeconds: 60, gates: { proxyStatus: { serviceMeshId: "m-1", timeoutSeconds: 120 } } },
      [{ property: "maxUpdateSeconds", reason: /at least the longest gate timeout \(120 s\)/ }],
    ],
    [
      "a default gate timeout longer than maxUpdateSeconds",
      { maxUpdateSeconds: 60, gates: { healthyMembers: true } },
      [{ property: "maxUpdateSeconds", reason: /longest gate timeout \(120 s\)/ }],
    ],
    [
      "a mesh-upgrade gate that lists nothing to wait for",
      { gates: { meshUpgrade: { meshUpgradeId: "u-1" } } },
      [{ property: "gates.meshUpgrade", reason: /must list phases, states or both/ }],
    ],
    [
      "two gates with one name",
      {
        gates: {
          prometheus: [
            { name: "error-rate", url: "http://p:9090", query: "x", thresholdRange: { max: 1 }, intervalSeconds: 10 },
          ],
          webhooks: [{ name: "error-rate", url: "http://h", kind: "event" }],
        },
      },
      [
        {
          property: "gates.webhooks[0].name",
          reason: /gate names must be unique: "error-rate" is also gates\.prometheus\[0\]\.name/,
        },
      ],
    ],
    [
      "a metric without a range, or with min above max, or a URL that is not http",
      {
        gates: {
          prometheus: [
            { name: "a", url: "ftp://p", query: "x", thresholdRange: {}, intervalSeconds: 10 },
            { name: "b", url: "http://p", query: "x", thresholdRange: { min: 2, max: 1 }, intervalSeconds: 10 },
          ],
        },
      },
      [
        { property: "gates.prometheus[0].url", reason: /url must be an http\(s\) URL/ },
        { property: "gates.prometheus[0].thresholdRange", reason: /must set min, max or both/ },
        { property: "gates.prometheus[1].thresholdRange", reason: /min must not exceed max/ },
      ],
    ],
    [
      "a metric whose measurements could outlast maxUpdateSeconds",
      {
        maxUpdateSeconds: 60,
        gates: {
          prometheus: [
            { name: "slow", url: "http://p", query: "x", thresholdRange: { max: 1 }, intervalSeconds: 30, count: 3 },
          ],
        },
      },
      [{ property: "maxUpdateSeconds", reason: /longest gate timeout \(220 s\)/ }],
    ],
    [
      "a bad webhook kind",
      { gates: { webhooks: [{ name: "w", url: "http://h", kind: "after-step" }] } },
      [{ property: "gates.webhooks[0].kind", reason: /kind must be before-step, rollback or event/ }],
    ],
    [
      "a request from the command line with an unknown action or a step beyond the plan",
      {
        __intent: {
          id: "r1",
          action: "skip",
          revision: "orders-v1",
          step: 9,
          actor: "alice",
          at: "2026-12-05T12:00:00Z",
        },
      },
      [
        { property: "__intent.action", reason: /__intent.action must be promote, abort or retry/ },
        {
          property: "__intent.step",
          reason: /the step to promote must be at most 2, the last step.s index \(it is 9\)/,
        },
      ],
    ],
    [
      "a bad onGateFailure",
      { onGateFailure: "rollback" },
      [{ property: "onGateFailure", reason: /onGateFailure must be abort or pause/ }],
    ],
  ])("refuses %s", (_name, patch, expected) => {
    expect(failuresOf(valid(patch))).toEqual(
      expected.map((e) => ({ property: e.property, reason: expect.stringMatching(e.reason) })),
    );
  });

  it("reports the plan's problems at preview even while a channel id is still unknown", () => {
    const raw = valid({ channels: [{ ...CHANNEL, vpcChannelId: UNKNOWN }], steps: [{ weight: 50 }, { weight: 20 }] });
    expect(failuresOf(raw).map((f) => f.property)).toEqual(["steps[1].weight", "steps[1].weight"]);
  });

  it("lets an unknown value pass, to be checked once known", () => {
    expect(failuresOf(valid({ revision: UNKNOWN, channels: UNKNOWN }))).toEqual([]);
  });
});

describe("normalizeRollout", () => {
  it("fills in the defaults and the placement the program leaves out", () => {
    const config = (key: string) =>
      ({ huaweiRegion: "cn-north-4", huaweiProjectId: "0".repeat(32), alibabaRegion: "cn-hangzhou" })[key];
    const input = validateRollout(
      valid({ gates: { healthyMembers: true, proxyStatus: { serviceMeshId: "m-1" } } }),
    ).input!;
    expect(normalizeRollout(input, config)).toMatchObject({
      channels: [{ ...CHANNEL, projectId: "0".repeat(32), region: "cn-north-4" }],
      gates: {
        healthyMembers: { minHealthyPercent: 100, timeoutSeconds: 120 },
        proxyStatus: { serviceMeshId: "m-1", region: "cn-hangzhou", timeoutSeconds: 120 },
        intervalSeconds: 10,
      },
      onGateFailure: "abort",
      maxUpdateSeconds: 600,
      promote: -1,
      retry: 0,
      allowBaselineJump: false,
    });
  });

  it("keeps a request from the command line as validated, and nothing when there is none", () => {
    const config = (key: string) => ({ huaweiRegion: "cn-north-4", huaweiProjectId: "0".repeat(32) })[key];
    const request = { id: "r1", action: "abort", revision: "orders-v2", actor: "bob", at: "2026-12-05T12:00:00Z" };
    const input = validateRollout(valid({ revision: "orders-v2", __intent: request })).input!;
    expect(normalizeRollout(input, config).__intent).toEqual(request);
    expect(normalizeRollout(validateRollout(valid()).input!, config)).not.toHaveProperty("__intent");
  });
});

// CanaryRollout costs, in process against the emulator, the provider called as the engine would call it: weight
// writes per step (the minimum is one per group that changes, per channel), gate reads per minute of pause, and the
// time from the gate read that passed to the first weight write of the step.
"use strict";
const { dist, keys, PROJECT_ID, requestLog, clearRequestLog, resetEmulator } = require("../lib");

const INSTANCE = "gw-bench-rollout";
const MESH = "c0ffee0123456789abcdef0123456789a";

async function admin(url, method, p, body) {
  const res = await fetch(`${url}/_emulator${p}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${method} ${p}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const synced = (id) =>
  Object.fromEntries(
    [["ProxyId", id], ...["ClusterSynced", "ListenerSynced", "RouteSynced", "EndpointSynced"].map((k) => [k, "SYNCED"])],
  );

async function seed(url, channels) {
  await admin(url, "PUT", `/alibaba/asm/meshes/${MESH}`, { ProxyStatus: [synced("a"), synced("b")] });
  const task = await admin(url, "POST", "/huawei/asm/mesh-upgrade", {
    metadata: { name: "upgrade" },
    spec: { meshId: "m", upgradeStrategy: "canary", targetVersion: "1.22", targetType: "canary", currentStep: {} },
    status: { state: "Running", currentStep: { id: "3", phase: "DataPlaneUpgrading" } },
  });
  const ids = [];
  for (let i = 0; i < channels; i++) {
    const channel = await admin(url, "POST", "/huawei/apig/vpc-channels", {
      instance_id: INSTANCE,
      project_id: PROJECT_ID,
      name: `bench-${i}`,
      port: 8080,
      balance_strategy: 1,
      member_type: "ip",
      member_groups: [{ member_group_name: "stable" }, { member_group_name: "canary" }],
      members: ["stable", "canary"].flatMap((g, j) => [1, 2].map((k) => ({ host: `10.${i}.${j}.${k}`, member_group_name: g }))),
      vpc_health_config: { protocol: "TCP", threshold_normal: 2, threshold_abnormal: 2, time_interval: 10, timeout: 5 },
    });
    ids.push(channel.id);
  }
  return { ids, upgrade: task.metadata.uid };
}

module.exports = async function rollout(url, { channels = 3, pauseSeconds = 6, intervalSeconds = 1 } = {}) {
  await resetEmulator(url);
  const savedEnv = { ...process.env };
  Object.assign(process.env, {
    CANARY_MESH_ENDPOINT: url,
    HW_REGION_NAME: "cn-north-4",
    HUAWEICLOUD_SDK_PROJECT_ID: PROJECT_ID,
    HUAWEICLOUD_SDK_AK: keys.EMULATOR_HUAWEI_ACCESS_KEY,
    HUAWEICLOUD_SDK_SK: keys.EMULATOR_HUAWEI_SECRET_KEY,
    ALIBABA_CLOUD_REGION_ID: "cn-hangzhou",
    ALIBABA_CLOUD_ACCESS_KEY_ID: keys.EMULATOR_ALIBABA_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.EMULATOR_ALIBABA_ACCESS_KEY_SECRET,
  });
  const { ids, upgrade } = await seed(url, channels);
  const steps = [{ weight: 10, pause: { seconds: pauseSeconds } }, { weight: 30 }, { weight: 60 }, { weight: 100 }];
  const { canaryRolloutProvider: provider } = dist("rollout/provider.js");
  const checked = await provider.check(
    {},
    {
      revision: "bench",
      channels: ids.map((id) => ({ instanceId: INSTANCE, vpcChannelId: id, stableGroup: "stable", canaryGroup: "canary" })),
      steps,
      gates: {
        healthyMembers: true,
        proxyStatus: { serviceMeshId: MESH, timeoutSeconds: 30 },
        meshUpgrade: { meshUpgradeId: upgrade, phases: ["DataPlaneUpgrading"], timeoutSeconds: 30 },
        intervalSeconds,
      },
    },
  );
  if (checked.failures) throw new Error(`rollout bench: ${JSON.stringify(checked.failures)}`);
  const log = console.log;
  console.log = () => undefined;
  await clearRequestLog(url);
  try {
    await provider.create(checked.inputs);
  } finally {
    console.log = log;
    process.env = savedEnv;
  }
  const calls = (await requestLog(url)).map((r) => ({ ...r, t: Date.parse(r.at) }));
  const writes = calls.filter((r) => r.action === "UpdateMemberGroup");
  const gateActions = new Set(["ListBackendInstances", "DescribeServiceMeshProxyStatus", "ShowMeshUpgrade"]);
  const reads = calls.filter((r) => gateActions.has(r.action));
  // Writes come in waves, one per step (the baseline first): gate reads separate two waves.
  const waves = [];
  let open = false;
  for (const r of calls) {
    if (r.action === "UpdateMemberGroup") {
      if (!open) waves.push([]);
      waves[waves.length - 1].push(r);
      open = true;
    } else if (gateActions.has(r.action)) open = false;
  }
  // The pause of step 0: from its writes to the gate reads before step 1.
  const pauseStart = waves[1][waves[1].length - 1].t;
  const pauseEnd = pauseStart + pauseSeconds * 1000;
  const during = reads.filter((r) => r.t > pauseStart && r.t <= pauseEnd);
  const perMinute = (during.length / pauseSeconds) * 60;
  // Gate read that passed → first write of the step, for steps 1..3 (each step's gates are read just before it).
  const latencies = waves.slice(2).map((wave) => {
    const before = reads.filter((r) => r.t <= wave[0].t);
    return wave[0].t - before[before.length - 1].t;
  });
  return {
    channels,
    steps: steps.length,
    waves: waves.map((w) => w.length),
    writesPerStep: writes.length / waves.length,
    minimumPerStep: 2 * channels,
    channelPuts: calls.filter((r) => r.action === "UpdateVpcChannel").length,
    readsAfterWrites: calls.filter((r) => r.action === "ShowVpcChannel").length - channels,
    intervalSeconds,
    gateReadsPerMinute: perMinute,
    gateReadsPerMinuteAtDefault: (perMinute * intervalSeconds) / 10,
    gateToWriteMs: latencies,
    totalCalls: calls.length,
  };
};

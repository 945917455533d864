// Seeds the emulator for the demo through its admin API (`/_emulator/`), and plays the world around a release.
//   node scripts/demo-seed.js URL MESH_ID ROUTE_ID          prints `upgrade_id=<uid>` (the emulator assigns task ids)
//   node scripts/demo-seed.js URL console-edit
//   node scripts/demo-seed.js URL wait-weight GROUP WEIGHT  waits until orders-backend's GROUP has WEIGHT
//   node scripts/demo-seed.js URL unhealthy HOST            APIG's health check now reports HOST unhealthy
const [url, what, routeId] = process.argv.slice(2);

async function admin(method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const proxy = (id, synced) => ({
  ProxyId: id,
  ProxyVersion: "1.22.3",
  IstioVersion: "1.22.3",
  ClusterSynced: "SYNCED",
  ListenerSynced: "SYNCED",
  RouteSynced: synced ? "SYNCED" : "STALE",
  EndpointSynced: synced ? "SYNCED" : "NOT SENT",
  EndpointPercent: synced ? "1" : "0.5",
});

async function seed(meshId) {
  const ids = ["orders-v1-7d9f-abcde", "orders-v1-7d9f-fghij", "orders-v2-5c4b-klmno", "gateway-6f8d-pqrst"];
  // Two proxies still syncing; all synced after a few reads, so the gate visibly waits.
  await admin("PUT", `/_emulator/alibaba/asm/meshes/${meshId}`, {
    ProxyStatus: ids.map((id, i) => proxy(id, i < 2)),
    then: [{ afterReads: 2, ProxyStatus: ids.map((id) => proxy(id, true)) }],
  });
  const task = await admin("POST", "/_emulator/huawei/asm/mesh-upgrade", {
    kind: "MeshUpgrade",
    apiVersion: "v1",
    metadata: { name: "upgrade-1-22" },
    spec: { meshId: "mesh-prod", upgradeStrategy: "canary", targetVersion: "1.22.3", targetType: "canary", currentStep: { name: "ControlPlaneUpgrade", action: "upgrade" } },
    status: { state: "Running", currentStep: { id: "2", phase: "ControlPlaneUpgrading" } },
  });
  const upgradeId = task.metadata.uid;
  await admin("POST", `/_emulator/huawei/asm/mesh-upgrade/${upgradeId}/advance`, { phase: "DataPlaneUpgrading", stepName: "DataPlaneUpgrade", afterReads: 1 });
  await admin("POST", "/_emulator/alibaba/sae/grey-tag-routes", {
    AppId: "3faaf993-7aed-4bcd-b189-625e6a5a0001",
    GreyTagRouteId: Number(routeId),
    Name: "orders-canary",
    Description: "beta users and x-canary header go to the canary",
    ScRules: [
      { path: "/orders", condition: "OR", items: [
        { type: "header", name: "x-canary", operator: "rawvalue", value: "true", cond: "==" },
        { type: "cookie", name: "beta", operator: "rawvalue", value: "1", cond: "==" },
      ] },
    ],
    DubboRules: [],
    AlbRules: [],
  });
  console.error(`seeded mesh ${meshId} (4 proxies, 2 syncing), upgrade task ${upgradeId}, grey tag route ${routeId}`);
  console.log(`upgrade_id=${upgradeId}`);
}

async function ordersChannel() {
  const state = await admin("GET", "/_emulator/state");
  const channels = [];
  JSON.parse(JSON.stringify(state), (_k, v) => {
    if (v && typeof v === "object" && !Array.isArray(v) && "balance_strategy" in v && "id" in v) channels.push(v);
    return v;
  });
  const channel = channels.find((c) => c.name === "orders-backend");
  if (!channel) throw new Error("no orders-backend channel in the emulator");
  return channel;
}

async function waitWeight(group, weight) {
  for (let i = 0; i < 600; i++) {
    const channel = await ordersChannel().catch(() => undefined);
    const g = channel && (channel.member_groups || []).find((x) => x.member_group_name === group);
    if (g && g.member_group_weight === Number(weight)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`orders-backend group ${group} never reached weight ${weight}`);
}

async function unhealthy(host) {
  const channel = await ordersChannel();
  await admin("PUT", `/_emulator/huawei/apig/vpc-channels/${channel.id}/member-health`, { members: { [host]: "unhealthy" } });
  console.log(`APIG's health check: ${host} unhealthy`);
}

async function consoleEdit() {
  const channel = await ordersChannel();
  const members = channel.members.map((m, i) => ({
    host: m.host,
    port: m.port,
    weight: i === 0 ? 60 : m.weight,
    member_group_name: m.member_group_name,
  }));
  await admin("POST", `/_emulator/huawei/apig/vpc-channels/${channel.id}/console-edit`, { members });
  console.log(`console edit: member ${members[0].host} weight ${channel.members[0].weight} -> 60`);
}

const [, , , , arg1, arg2] = process.argv;
const run =
  what === "console-edit"
    ? consoleEdit()
    : what === "wait-weight"
      ? waitWeight(arg1, arg2)
      : what === "unhealthy"
        ? unhealthy(arg1)
        : seed(what);
run.catch((err) => {
  console.error(String(err.message || err));
  process.exit(1);
});

#!/usr/bin/env bash
# The story of a release on a fresh clone, offline: build, provide the Pulumi CLI, start the emulator with
# persistent state in .demo/, seed it; review the rollout's plan as its pull request would show it; `pulumi up`
# rolls the canary 10 -> 30 %, where it waits for approval; `canary-mesh rollout promote` takes it to 100 %; the
# next release's canary turns unhealthy half-way and the rollout sets the weights back on its own.
# `canary-mesh rollout status` before and after. `npm run demo -- destroy` tears it all down.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
demo="${CANARY_MESH_DEMO_DIR:-$root/.demo}"
stack="${CANARY_MESH_DEMO_STACK:-demo}"
# Each demo tells the story from the start: a previous one (all of it local: emulator and Pulumi state) goes.
[ "${1:-}" = "destroy" ] || rm -rf "$demo" "$root/Pulumi.$stack.yaml"
mkdir -p "$demo"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

[ -d node_modules/@pulumi/pulumi ] || { say "Installing packages (npm ci)"; npm ci --no-audit --no-fund; }
if [ "${CANARY_MESH_DEMO_SKIP_BUILD:-}" != 1 ]; then
  say "Building"
  npm run --silent build
fi
# The CLI a caller already provides (CI, the engine tests), else the one scripts/pulumi-cli.sh provides.
bin=${CANARY_MESH_PULUMI_DIR:-$(bash scripts/pulumi-cli.sh)}
export PATH="$bin:$PATH"
export PULUMI_HOME="$demo/pulumi-home" PULUMI_BACKEND_URL="file://$demo/state" PULUMI_CONFIG_PASSPHRASE="canary-mesh-demo"
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true PULUMI_NODEJS_TRANSPILE_ONLY=true
mkdir -p "$demo/state"

# The emulator: one per demo, state persisted in .demo/emulator-state.json.
emulator_log="$demo/emulator.log"
node dist/emulator/main.js --port 0 --state "$demo/emulator-state.json" >"$emulator_log" 2>&1 &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$emulator_log" 2>/dev/null && break; sleep 0.1; done
url=$(head -1 "$emulator_log" | sed -E 's/.*listening on (http[^ ]+).*/\1/')
[ -n "$url" ] || { cat "$emulator_log"; exit 1; }
export CANARY_MESH_DEMO_URL="$url"

keys() { node -e 'const k=require("./dist/emulator/keys.js");console.log(k[process.argv[1]])' "$1"; }
mesh=c0ffee0123456789abcdef0123456789a
route_id=16

if [ "${1:-}" = "destroy" ]; then
  say "Destroying the demo stack"
  if pulumi stack select "$stack" --non-interactive >/dev/null 2>&1; then
    # This emulator listens on a new port, with the state the demo left: the stack's endpoint follows it, and
    # --run-program hands the providers today's config instead of the config recorded at the last up.
    pulumi config set canary-mesh:endpoint "$url"
    if ! pulumi destroy --yes --non-interactive --skip-preview --suppress-outputs --run-program --remove; then
      echo "pulumi destroy failed: $demo is kept (emulator log: $emulator_log)." >&2
      exit 1
    fi
  fi
  kill $emulator_pid 2>/dev/null || true
  rm -rf "$demo" "$root/Pulumi.$stack.yaml"
  echo "Removed $demo (emulator state, Pulumi state and home)."
  exit 0
fi

say "Emulator at $url (state in .demo/emulator-state.json); seeding fixtures"
eval "$(node scripts/demo-seed.js "$url" "$mesh" "$route_id")"

canary_mesh() { node "$root/dist/cli/main.js" "$@"; }
started=$(date +%s)

pulumi stack select --create "$stack" --non-interactive >/dev/null
pulumi config set canary-mesh:endpoint "$url"
pulumi config set canary-mesh:huaweiRegion cn-north-4
pulumi config set canary-mesh:huaweiProjectId "$(keys EMULATOR_HUAWEI_PROJECT_ID)"
pulumi config set canary-mesh:huaweiAccessKey "$(keys EMULATOR_HUAWEI_ACCESS_KEY)"
pulumi config set --secret canary-mesh:huaweiSecretKey "$(keys EMULATOR_HUAWEI_SECRET_KEY)"
pulumi config set canary-mesh:alibabaRegion cn-hangzhou
pulumi config set canary-mesh:alibabaAccessKeyId "$(keys EMULATOR_ALIBABA_ACCESS_KEY_ID)"
pulumi config set --secret canary-mesh:alibabaAccessKeySecret "$(keys EMULATOR_ALIBABA_ACCESS_KEY_SECRET)"
pulumi config set gatewayId demo-gateway
pulumi config set serviceMeshId "$mesh"
pulumi config set meshUpgradeId "$upgrade_id"
pulumi config set blueHosts '["10.0.0.5","10.0.0.6"]'
pulumi config set greenHosts '["10.0.1.5","10.0.1.6"]'
pulumi config set revision orders-v2
pulumi config set liveGroup blue
pulumi config set weights '[10,30,100]'
pulumi config set approvalAt 1
pulumi config set pauseSeconds 3
pulumi config set gateIntervalSeconds 1
pulumi config set gateTimeoutSeconds 30

say "Release orders-v2 as its pull request shows it: the step plan, the gates, the worst case (canary-mesh review)"
pulumi preview --json --non-interactive >"$demo/release-preview.json"
canary_mesh review "$demo/release-preview.json"

say "pulumi up: the channel, then the canary (group green) at 10 % for 3 s, then 30 %, where it waits for approval"
pulumi up --yes --non-interactive --skip-preview --suppress-outputs
canary_mesh rollout status orders

say "Someone looks at the dashboards and approves: canary-mesh rollout promote (no program edit; recorded with who and why)"
canary_mesh rollout promote orders --reason "error rate flat at 10 % and 30 %"

say "The next release, orders-v3: green carries the traffic now, so the groups swap and blue is the canary"
pulumi config set revision orders-v3
pulumi config set liveGroup green
pulumi config set pauseSeconds 10
canary_mesh rollout status orders
pulumi up --yes --non-interactive --skip-preview >"$demo/release-2.log" 2>&1 &
up_pid=$!
node scripts/demo-seed.js "$url" wait-weight blue 10
echo "orders-v3 is at 10 % (group blue); a canary member starts failing its health check:"
node scripts/demo-seed.js "$url" unhealthy 10.0.0.5
if wait $up_pid; then
  echo "unexpected: the up of orders-v3 succeeded"
  exit 1
fi
grep -m1 -o "error: CanaryRollout orders-v3: .*" "$demo/release-2.log" || true
echo "(the up failed, as it should: the rollout aborted on its own and every weight is back at its baseline)"

say "Where the rollout stands now (exit status 1: aborted)"
canary_mesh rollout status orders || true
pulumi preview --expect-no-changes --non-interactive >/dev/null && echo "pulumi preview: no changes (state and code agree after the abort)"

say "Done in $(($(date +%s) - started)) s"
cat <<TXT
What happened:
  - the emulator at $url played Huawei APIG/ASM and Alibaba ASM (requests: curl $url/_emulator/requests);
  - canary-mesh review showed release orders-v2's plan before anything moved: shares per step, gates, worst case;
  - pulumi up stepped the canary to 10 % and 30 % behind its gates, then waited; canary-mesh rollout promote
    approved it from the command line and the rollout completed at 100 %;
  - release orders-v3's canary lost a healthy member during its 10 % pause: the rollout set every weight back to
    its baseline and failed the up, with the state recording it (see the history in canary-mesh rollout status).
Where to look: Pulumi state in .demo/state, emulator state in .demo/emulator-state.json, the second up's log in
.demo/release-2.log (env: PULUMI_HOME=.demo/pulumi-home PULUMI_BACKEND_URL=file://$demo/state
PULUMI_CONFIG_PASSPHRASE=canary-mesh-demo). Tear down: npm run demo -- destroy
TXT

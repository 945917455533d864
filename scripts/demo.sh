#!/usr/bin/env bash
# The whole story on a fresh clone, offline: build, provide the Pulumi CLI, start the emulator with persistent
# state in .demo/, seed it, `pulumi up` the root stack, preview a canary weight shift, catch a console edit with
# `pulumi refresh`, and end with the review of the shift (canary-mesh-review).
# `npm run demo -- destroy` tears it all down.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
demo="$root/.demo"
mkdir -p "$demo"
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

[ -d node_modules/@pulumi/pulumi ] || { say "Installing packages (npm ci)"; npm ci --no-audit --no-fund; }
say "Building"
npm run --silent build
bin=$(bash scripts/pulumi-cli.sh)
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
  pulumi stack select demo --non-interactive >/dev/null 2>&1 && pulumi destroy --yes --non-interactive --skip-preview && pulumi stack rm demo --yes --non-interactive || true
  kill $emulator_pid 2>/dev/null || true
  rm -rf "$demo"
  echo "Removed $demo (emulator state, Pulumi state and home)."
  exit 0
fi

say "Emulator at $url (state in .demo/emulator-state.json); seeding fixtures"
eval "$(node scripts/demo-seed.js "$url" "$mesh" "$route_id")"

pulumi stack select --create demo --non-interactive >/dev/null
pulumi config set canary-mesh:endpoint "$url"
pulumi config set canary-mesh:huaweiRegion cn-north-4
pulumi config set canary-mesh:huaweiProjectId "$(keys EMULATOR_HUAWEI_PROJECT_ID)"
pulumi config set canary-mesh:huaweiAccessKey "$(keys EMULATOR_HUAWEI_ACCESS_KEY)"
pulumi config set --secret canary-mesh:huaweiSecretKey "$(keys EMULATOR_HUAWEI_SECRET_KEY)"
pulumi config set canary-mesh:alibabaRegion cn-hangzhou
pulumi config set canary-mesh:alibabaAccessKeyId "$(keys EMULATOR_ALIBABA_ACCESS_KEY_ID)"
pulumi config set --secret canary-mesh:alibabaAccessKeySecret "$(keys EMULATOR_ALIBABA_ACCESS_KEY_SECRET)"
pulumi config set gatewayId demo-gateway
pulumi config set canaryWeight 10
pulumi config set --path 'stableHosts[0]' 10.0.0.5
pulumi config set --path 'stableHosts[1]' 10.0.0.6
pulumi config set --path 'canaryHosts[0]' 10.0.1.5
pulumi config set serviceMeshId "$mesh"
pulumi config set meshUpgradeId "$upgrade_id"
pulumi config set greyTagRouteId "$route_id"

say "pulumi up: channel with stable/canary groups, gated on proxy sync and the mesh upgrade phase"
pulumi up --yes --non-interactive

say "Shift the canary to 30%: what a reviewer sees in the pull request (pulumi preview --diff)"
pulumi config set canaryWeight 30
pulumi preview --diff --non-interactive
pulumi config set canaryWeight 10

say "Someone edits the channel in the console (a member's weight); pulumi refresh catches it"
node scripts/demo-seed.js "$url" console-edit
pulumi refresh --yes --non-interactive --skip-preview
say "The next pulumi up puts it back"
pulumi up --yes --non-interactive --skip-preview

say "The 10 -> 30 shift as its pull request would be reviewed: traffic shares, gates, guardrails (canary-mesh-review)"
pulumi config set canaryWeight 30
pulumi preview --json --show-sames --non-interactive >"$demo/shift-preview.json"
node dist/review/main.js "$demo/shift-preview.json"
pulumi config set canaryWeight 10

say "Done"
cat <<TXT
What happened:
  - the emulator at $url played Huawei APIG/ASM and Alibaba SAE/ASM (requests: curl $url/_emulator/requests);
  - the stack 'demo' (Pulumi.yaml, program in examples/canary-rollout/) created the channel after both gates passed;
  - the preview showed the canary weight shift 10 -> 30 as exactly two group weights;
  - refresh reported the console edit and the next up undid it;
  - canary-mesh-review turned the shift's plan into a pull-request comment (in .demo/shift-preview.json: the plan).
Where to look: Pulumi state in .demo/state, emulator state in .demo/emulator-state.json, outputs: pulumi stack output
(with PULUMI_HOME=.demo/pulumi-home PULUMI_BACKEND_URL=file://$demo/state PULUMI_CONFIG_PASSPHRASE=canary-mesh-demo).
Tear down: npm run demo -- destroy
TXT

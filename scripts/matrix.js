// The compatibility matrix beyond `npm test` (which is the Node.js 20 + dev-pin cell: the full suite). Every cell
// goes through the real CLI; versions come from tools/matrix.json and package.json, never from "latest":
//   node22-newest  the provider, lookup and engine suites, in a copy of the checkout with the newest @pulumi/pulumi
//   node24-newest  the canary-rollout example as a user's project with the packed package (example.cell.test.ts)
//   node20-floor   the same example on the lowest @pulumi/pulumi of the peer range
// Cells run one after another (the machine has 2 cores); the CLI build and the runtimes under .tools/ are reused.
// Usage: node scripts/matrix.js [cell ...]   (default: every cell). Needs a built dist/ (npm run test:matrix builds).
const { spawnSync, execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const runtime = require("./runtime.js");

const ROOT = runtime.ROOT;
const versions = runtime.versions();

function log(line) {
  process.stderr.write(`[matrix] ${line}\n`);
}

/** Runs a command with `nodeMajor`'s runtime first on PATH; throws on failure. */
function run(nodeMajor, cwd, command, args, env = {}) {
  const PATH = [runtime.nodeDir(nodeMajor), process.env.PATH].join(path.delimiter);
  const result = spawnSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...env, PATH } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal})`);
}

function cliDir() {
  if (process.env.CANARY_MESH_PULUMI_DIR) return process.env.CANARY_MESH_PULUMI_DIR;
  return execFileSync("bash", [path.join(ROOT, "scripts", "pulumi-cli.sh")], { encoding: "utf8" }).trim();
}

/**
 * A copy of the checkout (tracked and untracked files, .gitignore applied) whose node_modules has `pulumi` in place
 * of the dev pin, built with it. node_modules is reinstalled only when the lockfile or the version changed.
 */
function checkoutWithSdk(pulumi, nodeMajor) {
  const dir = path.join(ROOT, ".tools", "matrix", `sdk-${pulumi}`);
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: ROOT })
    .toString()
    .split("\0")
    .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    if (!["node_modules", ".stamp"].includes(entry)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  const npm = [runtime.npmCli()];
  const stampFile = path.join(dir, ".stamp");
  const stamp = crypto
    .createHash("sha256")
    .update(fs.readFileSync(path.join(ROOT, "package-lock.json")))
    .update(`${pulumi}|${nodeMajor}`)
    .digest("hex");
  if (!fs.existsSync(stampFile) || fs.readFileSync(stampFile, "utf8") !== stamp) {
    log(`installing the checkout's packages with @pulumi/pulumi ${pulumi} in ${path.relative(ROOT, dir)}`);
    run(nodeMajor, dir, "node", [...npm, "ci", "--no-audit", "--no-fund"]);
    run(nodeMajor, dir, "node", [
      ...npm,
      "install",
      "--no-save",
      "--no-audit",
      "--no-fund",
      `@pulumi/pulumi@${pulumi}`,
    ]);
    fs.writeFileSync(stampFile, stamp);
  }
  const installed = JSON.parse(fs.readFileSync(path.join(dir, "node_modules/@pulumi/pulumi/package.json"), "utf8"));
  if (installed.version !== pulumi) throw new Error(`${dir} has @pulumi/pulumi ${installed.version}, not ${pulumi}`);
  run(nodeMajor, dir, "node", [...npm, "run", "build"]);
  return dir;
}

function jest(nodeMajor, cwd, args, env) {
  run(nodeMajor, cwd, "node", [path.join(cwd, "node_modules", "jest", "bin", "jest.js"), ...args], env);
}

const exampleCell = (nodeMajor, pulumi) => (cli) =>
  jest(nodeMajor, ROOT, ["--selectProjects", "cell"], {
    CANARY_MESH_MATRIX_CELL: "1",
    CANARY_MESH_PULUMI_DIR: cli,
    CANARY_MESH_CELL_NODE: String(nodeMajor),
    CANARY_MESH_CELL_PULUMI: pulumi,
  });

const CELLS = [
  {
    id: "node22-newest",
    node: 22,
    pulumi: versions.pulumiNewest,
    what: "provider, lookup and engine suites (test/vpcChannel, test/lookups, test/e2e)",
    run: (cli) => {
      const dir = checkoutWithSdk(versions.pulumiNewest, 22);
      jest(22, dir, ["test/vpcChannel", "test/lookups", "test/e2e"], {
        CANARY_MESH_PULUMI_DIR: cli,
        CANARY_MESH_CELL_NODE: "22",
        CANARY_MESH_CELL_PULUMI: versions.pulumiNewest,
      });
    },
  },
  {
    id: "node24-newest",
    node: 24,
    pulumi: versions.pulumiNewest,
    what: "examples/canary-rollout as a user's project: up, preview, refresh, shift, destroy",
    run: exampleCell(24, versions.pulumiNewest),
  },
  {
    id: "node20-floor",
    node: 20,
    pulumi: versions.pulumiFloor,
    what: "examples/canary-rollout as a user's project, on the peer range's floor",
    run: exampleCell(20, versions.pulumiFloor),
  },
];

function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !CELLS.some((c) => c.id === id));
  if (unknown.length > 0)
    throw new Error(`unknown cell ${unknown.join(", ")}; cells: ${CELLS.map((c) => c.id).join(", ")}`);
  if (!fs.existsSync(path.join(ROOT, "dist", "index.js"))) throw new Error("dist/ is missing: run npm run build");
  const cli = cliDir();
  const results = [];
  for (const cell of CELLS.filter((c) => wanted.length === 0 || wanted.includes(c.id))) {
    log(`cell ${cell.id}: Node.js ${cell.node} + @pulumi/pulumi ${cell.pulumi}: ${cell.what}`);
    const started = Date.now();
    let error;
    try {
      cell.run(cli);
    } catch (err) {
      error = err;
    }
    results.push({ ...cell, seconds: Math.round((Date.now() - started) / 1000), error });
  }
  console.log("\n| cell | Node.js | @pulumi/pulumi | runs | time | result |\n|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(
      `| ${r.id} | ${versions.node[r.node] ?? process.versions.node} | ${r.pulumi} | ${r.what} | ${r.seconds} s | ${r.error ? `FAIL: ${r.error.message}` : "pass"} |`,
    );
  }
  if (results.some((r) => r.error)) process.exitCode = 1;
}

try {
  main();
} catch (err) {
  log(err.message);
  process.exit(1);
}

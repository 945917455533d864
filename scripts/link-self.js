// Links node_modules/pulumi-canary-mesh to this checkout, so the root example stack and the serialized
// provider shim resolve the package by name exactly as a user's project does.
const fs = require("node:fs");
const path = require("node:path");
const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-canary-mesh");
try {
  if (fs.realpathSync(link) === root) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  // missing: create below
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");

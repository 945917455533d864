#!/usr/bin/env bash
# Provides the Pulumi CLI offline. Prints the directory holding `pulumi`, `pulumi-language-nodejs` and
# `pulumi-resource-pulumi-nodejs` (prepend it to PATH).
#
# 1. A 3.x `pulumi` already on PATH is used as it is (its directory must also hold the Node.js plugins).
# 2. Otherwise the CLI is built from Go modules into .tools/pulumi/bin (reused when present):
#    - tools/pulumi-cli: github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at v3.248.0;
#    - tools/pulumi-language-nodejs: the Node.js language host. Its own module
#      (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not served by the Go module
#      proxy, so it is built from github.com/pulumi/pulumi/sdk/v3@v3.68.0, the last release carrying it as a
#      package of sdk/v3; it speaks the same language-host protocol to the 3.248 engine.
#    - pulumi-resource-pulumi-nodejs is copied from the installed @pulumi/pulumi npm package.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=v3.248.0
out="$root/.tools/pulumi/bin"
log() { echo "[pulumi-cli] $*" >&2; }

if [ "${CANARY_MESH_BUILD_PULUMI:-}" != "1" ] && command -v pulumi >/dev/null 2>&1; then
  existing=$(command -v pulumi)
  if [ "$(dirname "$existing")" != "$out" ] && pulumi version 2>/dev/null | grep -q '^v3\.'; then
    dir=$(dirname "$existing")
    if [ -x "$dir/pulumi-resource-pulumi-nodejs" ] || command -v pulumi-resource-pulumi-nodejs >/dev/null; then
      log "using $(pulumi version) from $dir"
      echo "$dir"
      exit 0
    fi
  fi
fi

stamp="$out/.version"
if [ -x "$out/pulumi" ] && [ -x "$out/pulumi-language-nodejs" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
  log "reusing $out"
else
  command -v go >/dev/null || { log "Go is required to build the Pulumi CLI (no pulumi 3.x on PATH)"; exit 1; }
  mkdir -p "$out"
  export GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN:-auto}
  start=$(date +%s)
  log "building pulumi $version from Go modules (first build takes a few minutes)"
  (cd "$root/tools/pulumi-cli" && go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
    -o "$out/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  log "building pulumi-language-nodejs"
  (cd "$root/tools/pulumi-language-nodejs" && go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v3.68.0" \
    -o "$out/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs)
  echo "$version" > "$stamp"
  log "built in $(( $(date +%s) - start ))s"
fi

plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$plugin" ] || { log "run npm ci first: $plugin is missing"; exit 1; }
cp "$plugin" "$out/pulumi-resource-pulumi-nodejs"
chmod +x "$out/pulumi-resource-pulumi-nodejs"
"$out/pulumi" version >/dev/null
echo "$out"

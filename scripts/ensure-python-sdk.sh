#!/usr/bin/env bash
# Installs the Pulumi Python SDK from PyPI, at the release pinned in package.json, into a virtualenv cached outside
# the work tree, keyed by version, so only the first run pays for the download. The end-to-end test on a Python
# program (test/e2e/python.test.ts) runs its program with this virtualenv.
#
# Prints the virtualenv's directory on stdout; progress and errors go to stderr.
# Skipped entirely when STATEGUARD_PYTHON_VENV names a virtualenv that already has the `pulumi` package.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
version=${STATEGUARD_PULUMI_VERSION:-$(node -p "require('$here/package.json').stateguard.pulumiVersion")}
cache_root=${STATEGUARD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stateguard}
out="$cache_root/python/pulumi-$version"
# Written last: a virtualenv without it is a half-finished install and is made again.
stamp=.stateguard-complete

say() { printf '[stateguard python] %s\n' "$*" >&2; }

if [ -n "${STATEGUARD_PYTHON_VENV:-}" ]; then
  if "$STATEGUARD_PYTHON_VENV/bin/python" -c 'import pulumi' >/dev/null 2>&1; then
    printf '%s\n' "$STATEGUARD_PYTHON_VENV"
    exit 0
  fi
  say "STATEGUARD_PYTHON_VENV=$STATEGUARD_PYTHON_VENV is not a virtualenv with the pulumi package in it."
  exit 3
fi

if [ -f "$out/$stamp" ] && [ -x "$out/bin/python" ]; then
  printf '%s\n' "$out"
  exit 0
fi

python=${STATEGUARD_PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  say "no '$python' on PATH: the end-to-end test on a Python program needs Python >= 3.10 for the Pulumi Python SDK."
  say "Install python3 (with its venv module), or set STATEGUARD_PYTHON=/path/to/python3."
  exit 3
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  say "$("$python" --version 2>&1) is too old: the Pulumi Python SDK $version needs Python >= 3.10."
  exit 3
fi

# One set-up at a time writes the virtualenv (a virtualenv records its own path, so it is made in place); a run
# stopped half-way leaves no stamp, and the next one starts over.
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9
if [ -f "$out/$stamp" ] && [ -x "$out/bin/python" ]; then
  printf '%s\n' "$out"
  exit 0
fi
rm -rf "$out"
log="$out.log"
limit=${STATEGUARD_PYTHON_SDK_TIMEOUT:-900}
say "installing the Pulumi Python SDK $version from PyPI into $out (first run only)"
if ! (
  "$python" -m venv "$out" &&
    timeout "$limit" "$out/bin/python" -m pip install --disable-pip-version-check --no-input "pulumi==$version"
) >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  say "installing the Pulumi Python SDK $version failed or took longer than ${limit}s (last lines above; full log: $log)."
  say "A python3 without its venv module needs the distribution's python3-venv package."
  exit 3
fi
rm -f "$log"
touch "$out/$stamp"
printf '%s\n' "$out"

#!/usr/bin/env bash
# The main job on the bundled example, on a fresh machine: set-up (Node 24, dependencies, build, the Pulumi engine
# cached after the first run), then stateguard's story on the example platform (examples/platform) under the real
# engine, step by step: each change previewed with the pack, piped into the gate, with its verdict. The blocking
# steps' gate.md and gate.sarif go to test/.tmp/demo-out (--out DIR). Exit 0 when every verdict is the expected one.
source "$(dirname "$0")/env.sh"
sg_build
sg_ensure_engine
cd "$STATEGUARD_ROOT"
exec node dist/scripts/demo.js "$@"

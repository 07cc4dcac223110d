#!/usr/bin/env bash
# The main job on the bundled example, on a fresh machine: set-up (Node 24, dependencies, build, the Pulumi engine
# cached after the first run), then the example platform previewed with the stateguard pack, step by step.
source "$(dirname "$0")/env.sh"
sg_build
sg_ensure_engine
cd "$STATEGUARD_ROOT"
exec node dist/scripts/demo.js "$@"

#!/usr/bin/env bash
# Runs stateguard's benchmark (see bench/README.md): pack start-up, JS against TypeScript compiled by ts-node,
# and `pulumi preview` on 200 resources without and with the pack. Options: --runs N, --quick.
source "$(dirname "$0")/env.sh"
sg_build
sg_ensure_engine
node dist/bench/run.js "$@"

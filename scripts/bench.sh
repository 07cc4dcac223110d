#!/usr/bin/env bash
# Runs stateguard's benchmark (see bench/README.md): pack start-up, JS against TypeScript compiled by ts-node,
# and `pulumi preview` on 200 resources without and with the pack. Options: --runs N, --quick.
# `bash scripts/bench.sh eslint|analyzer [--quick] [--repo DIR]`: the lint rules' and the analyzer's cost instead.
source "$(dirname "$0")/env.sh"
sg_build
# The lint rules' and the analyzer's cost need no engine.
case "${1:-}" in
  eslint | analyzer)
    bench=$1
    shift
    exec node "dist/bench/$bench.js" "$@"
    ;;
esac
sg_ensure_engine
node dist/bench/run.js "$@"

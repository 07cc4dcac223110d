#!/usr/bin/env bash
# stateguard pre-merge check of one Pulumi stack, for any CI system (or a laptop):
#   1. lint the project with stateguard/eslint (when it has an ESLint config),
#   2. pulumi preview --json with the stateguard policy pack (the engine's event stream, saved to preview.json),
#   3. stateguard gate on that preview, and its reports: gate.md (the PR comment) and gate.sarif (code scanning).
# It exits with the gate's code: 0 nothing blocked, 1 blocked, 2 bad input or usage. A failing lint exits 1 before
# the preview. The script refuses to run (exit 2) when asked for something that defeats the check (see below).
#
# Parameters, all by environment variable:
#   STACK            the stack to check, e.g. prod or acme/platform-data/prod (required)
#   PROJECT_DIR      the Pulumi project's directory (default: .)
#   POLICY_CONFIG    the pack's policy-config.json (default: $PROJECT_DIR/policy-config.json when present)
#   APPROVALS        the gate's approvals file, YAML or JSON (optional)
#   BASELINE         the gate's baseline file (optional; see docs/adopting.md)
#   GATE_MODE        standard | no-replace | zero-diff (default: standard)
#   GATE_PHASE       expand | contract (optional)
#   OUT_DIR          where preview.json, gate.md and gate.sarif go (default: $PROJECT_DIR/.stateguard)
#   LINT             1: lint, 0: skip (default: 1 when the project has an eslint.config.* file)
#   PULUMI_COMMAND   preview (default) or destroy (previews the teardown of a stack, never performs it)
#   PULUMI_ARGS      extra arguments for the pulumi command, e.g. "--target-dependents" (word-split)
#   STATEGUARD_HOME  the stateguard package (default: $PROJECT_DIR/node_modules/stateguard)
#   PULUMI           the pulumi executable (default: pulumi)
#
# Refused, and why:
#   --ignore-protect  makes the engine ignore `protect` for the operation. A preview with it no longer shows that the
#                     engine would refuse to delete a protected database, and an `up` with it deletes it. protect is
#                     the last line of defence; retiring a protected resource is its own reviewed change
#                     (`pulumi state unprotect`, with an approval for the delete), never a flag in CI.
#   destroy on a protected stack
#                     a destroy deletes every resource of the stack, data stores included. Protected stacks (by
#                     stateguard's protectedStacks patterns or protectedStackTags, as the pack decides) are never torn
#                     down from CI; on other stacks the teardown is previewed and gated like any change.
set -euo pipefail

say() { printf '[stateguard pre-merge] %s\n' "$*" >&2; }
refuse() {
  say "refused: $*"
  exit 2
}

[ -n "${STACK:-}" ] || refuse "STACK is not set (the stack to check, e.g. STACK=prod)"
PROJECT_DIR=${PROJECT_DIR:-.}
[ -f "$PROJECT_DIR/Pulumi.yaml" ] || [ -f "$PROJECT_DIR/Pulumi.yml" ] || refuse "no Pulumi.yaml in PROJECT_DIR=$PROJECT_DIR"
PROJECT_DIR=$(cd "$PROJECT_DIR" && pwd)
STATEGUARD_HOME=${STATEGUARD_HOME:-$PROJECT_DIR/node_modules/stateguard}
[ -f "$STATEGUARD_HOME/bin/stateguard.js" ] ||
  refuse "stateguard is not installed at $STATEGUARD_HOME (npm install --save-dev stateguard, or set STATEGUARD_HOME)"
STATEGUARD_HOME=$(cd "$STATEGUARD_HOME" && pwd)
PULUMI=${PULUMI:-pulumi}
PULUMI_COMMAND=${PULUMI_COMMAND:-preview}
OUT_DIR=${OUT_DIR:-$PROJECT_DIR/.stateguard}
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
if [ -z "${POLICY_CONFIG:-}" ] && [ -f "$PROJECT_DIR/policy-config.json" ]; then POLICY_CONFIG=$PROJECT_DIR/policy-config.json; fi
absolute() { echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; }
for file in POLICY_CONFIG APPROVALS BASELINE; do
  if [ -n "${!file:-}" ]; then
    [ -f "${!file}" ] || refuse "$file=${!file}: no such file"
    printf -v "$file" '%s' "$(absolute "${!file}")"
  fi
done

# shellcheck disable=SC2206 # PULUMI_ARGS is word-split on purpose: it is a list of flags.
pulumi_args=(${PULUMI_ARGS:-})
for arg in "${pulumi_args[@]}"; do
  case "$arg" in
    --ignore-protect | --ignore-protect=*)
      refuse "--ignore-protect in PULUMI_ARGS: it makes the engine ignore protect, so protected data stores could be deleted or replaced. Unprotect a resource in its own reviewed change (pulumi state unprotect) instead."
      ;;
  esac
done

stateguard() { node "$STATEGUARD_HOME/bin/stateguard.js" "$@"; }

# Whether the stack is protected, decided as the pack decides: stateguard's protectedStacks patterns (matched
# against the stack name, or org/project/stack) and protectedStackTags, read from the policy config.
stack_is_protected() {
  local qualified tags
  qualified=$(cd "$PROJECT_DIR" && "$PULUMI" stack --stack "$STACK" --show-name --fully-qualify-stack-names --non-interactive)
  tags=$(cd "$PROJECT_DIR" && "$PULUMI" stack tag ls --stack "$STACK" --output json --non-interactive)
  node --input-type=module -e '
    const [home, config, qualified, tags] = process.argv.slice(1);
    const core = await import(new URL("dist/src/core/index.js", `file://${home}/`).href);
    const settings = config ? core.loadSettings(config) : core.DEFAULT_SETTINGS;
    const [organization, project, stack] = qualified.trim().split("/");
    const verdict = core.classifyStack({ organization, project, stack, tags: JSON.parse(tags || "{}") }, settings);
    process.stdout.write(`${verdict.protected} ${verdict.reason}`);
  ' "$STATEGUARD_HOME" "${POLICY_CONFIG:-}" "$qualified" "$tags"
}

case "$PULUMI_COMMAND" in
  preview) ;;
  destroy)
    verdict=$(stack_is_protected)
    if [ "${verdict%% *}" = true ]; then
      refuse "pulumi destroy on protected stack $STACK (${verdict#* }): a destroy deletes every data store of the stack. Protected stacks are never torn down from CI."
    fi
    ;;
  *) refuse "PULUMI_COMMAND must be preview or destroy, not \"$PULUMI_COMMAND\"" ;;
esac

# 1. Lint: library code that decides what exists (conditional resources, live lookups...) fails here, before any
#    preview could show it.
lint=${LINT:-}
if [ -z "$lint" ]; then
  lint=0
  for f in "$PROJECT_DIR"/eslint.config.*; do [ -e "$f" ] && lint=1; done
fi
if [ "$lint" = 1 ]; then
  say "lint: eslint (stateguard/eslint)"
  (cd "$PROJECT_DIR" && npx --no-install eslint .) || {
    say "lint failed: fix the problems above (stateguard's rules are explained in its docs/rules/)"
    exit 1
  }
fi

# 2. Preview with the pack. The event stream carries the pack's violations into the gate's report. The preview's own
#    exit code is not the verdict (a mandatory violation or a refused delete makes it fail): the gate decides, and
#    says why.
command_args=(preview --policy-pack "$STATEGUARD_HOME/policy")
if [ -n "${POLICY_CONFIG:-}" ]; then command_args+=(--policy-pack-config "$POLICY_CONFIG"); fi
# pulumi destroy runs no policy pack: its preview goes to the gate alone.
if [ "$PULUMI_COMMAND" = destroy ]; then command_args=(destroy --preview-only); fi
say "preview: pulumi ${command_args[*]} --json --stack $STACK${pulumi_args[*]:+ ${pulumi_args[*]}}"
preview_status=0
# PULUMI_SKIP_CONFIRMATIONS means --yes to the CLI, which a preview-only destroy refuses: this script never
# confirms anything.
(cd "$PROJECT_DIR" && env -u PULUMI_SKIP_CONFIRMATIONS PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true \
  "$PULUMI" "${command_args[@]}" --json --stack "$STACK" --non-interactive "${pulumi_args[@]}") \
  >"$OUT_DIR/preview.json" || preview_status=$?
say "preview exited $preview_status; the gate decides"

# 3. The gate, once per report format on the same preview (it is quick and reads nothing else).
# The gate matches approvals and protected-stack patterns against the stack's own name.
gate_args=(--stack "${STACK##*/}")
if [ -n "${POLICY_CONFIG:-}" ]; then gate_args+=(--config "$POLICY_CONFIG"); fi
if [ -n "${GATE_MODE:-}" ]; then gate_args+=(--mode "$GATE_MODE"); fi
if [ -n "${GATE_PHASE:-}" ]; then gate_args+=(--phase "$GATE_PHASE"); fi
if [ -n "${APPROVALS:-}" ]; then gate_args+=(--approvals "$APPROVALS"); fi
if [ -n "${BASELINE:-}" ]; then gate_args+=(--baseline "$BASELINE"); fi
# Source positions in the reports are relative to the project: run the gate from there.
cd "$PROJECT_DIR"
stateguard gate "$OUT_DIR/preview.json" "${gate_args[@]}" --format markdown --output "$OUT_DIR/gate.md" || true
stateguard gate "$OUT_DIR/preview.json" "${gate_args[@]}" --format sarif --output "$OUT_DIR/gate.sarif" || true
gate_status=0
stateguard gate "$OUT_DIR/preview.json" "${gate_args[@]}" || gate_status=$?
say "gate exited $gate_status; reports: $OUT_DIR/gate.md, $OUT_DIR/gate.sarif"
exit "$gate_status"

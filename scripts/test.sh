#!/usr/bin/env bash
# Runs every test on a fresh machine: sets up Node 24, the npm dependencies, the build, the Pulumi engine and the
# Pulumi Python SDK (both cached after the first run), then lint, the generated-files check, unit tests and
# end-to-end tests.
source "$(dirname "$0")/env.sh"
sg_build
sg_ensure_engine
sg_ensure_python_sdk
cd "$STATEGUARD_ROOT"

sg_say "lint"
npx eslint . >&2
sg_say "generated files are up to date"
node dist/scripts/generate.js --check
sg_say "typecheck (tests included)"
npx tsc -p tsconfig.json --noEmit >&2

node dist/scripts/fetch-provider-types.js # the pinned provider SDKs' index for test/unit/catalog.test.ts (cached)
mkdir -p test/.tmp
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test/.tmp/vitest.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test/.tmp/vitest.json", "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' || status=1
exit $status

#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine. Provisions what the tests
# need beyond npm (Debian's chromium, the code-server workbench), type-checks,
# builds, then runs unit, webview and real-VS-Code integration tests and
# prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh || exit 1
bash scripts/ensure-chromium.sh || exit 1

mkdir -p test-results
passed=0; failed=0; broken=()

# Runs a phase, teeing its output; adds its counts from node's runner ("# pass N"/"ℹ pass N") or a plain "N passed, N failed" line.
phase() {
  local name=$1; shift
  local log="test-results/$name.log"
  echo "=== $name: $*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -Eo '^(# |ℹ )pass [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+$' || true)
  f=$(grep -Eo '^(# |ℹ )fail [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+$' || true)
  if [ -z "$p" ]; then
    p=$(grep -Eo '^[^0-9]*[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || true)
    f=$(grep -Eo '^[^0-9]*[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || true)
  fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ "$rc" -ne 0 ] || [ -z "$p" ]; then broken+=("$name (exit $rc)"); fi
}

echo "=== typecheck" && npx tsc -p . --noEmit || broken+=("typecheck")
echo "=== build" && node esbuild.mjs || broken+=("build")

phase unit node scripts/run-unit-tests.mjs test/unit
if compgen -G "test/webview/*.test.ts" >/dev/null; then
  phase webview node scripts/run-unit-tests.mjs test/webview
fi
if [ -f scripts/run-integration-tests.mjs ]; then
  phase integration node scripts/run-integration-tests.mjs
fi

if [ ${#broken[@]} -gt 0 ]; then
  echo "Failed phases: ${broken[*]}"
  [ "$failed" -eq 0 ] && failed=1
fi
echo "$passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ] && [ "$failed" -eq 0 ]

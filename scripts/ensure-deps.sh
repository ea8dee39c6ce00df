#!/usr/bin/env bash
# Installs the npm dependencies from the lockfile when they are missing or
# older than the lockfile, so `npm start` and `npm test` work on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[audit-lens] installing npm dependencies (npm ci)…" >&2
  npm ci --no-audit --no-fund >&2
fi

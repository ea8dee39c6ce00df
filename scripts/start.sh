#!/usr/bin/env bash
# `npm start`: builds Audit Lens and opens it in a real VS Code on the demo
# sandbox, with the four demo connections added.
#   - desktop `code` on PATH: an Extension Development Host window;
#   - otherwise: a code-server workbench on 127.0.0.1 (provisioned into
#     .vscode-test/ on first use), whose URL is printed.
# Set AUDIT_LENS_USE_CODE_SERVER=1 to prefer code-server, AUDIT_LENS_PORT to pick its port.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
node esbuild.mjs

# The demo workspace: its marker file activates Audit Lens and makes it open the demo.
ws=${AUDIT_LENS_DEMO_WORKSPACE:-$PWD/.vscode-test/demo-workspace}
mkdir -p "$ws"
touch "$ws/.audit-lens-demo"

if command -v code >/dev/null 2>&1 && [ -z "${AUDIT_LENS_USE_CODE_SERVER:-}" ]; then
  echo "[audit-lens] opening VS Code with Audit Lens (Extension Development Host) on $ws"
  AUDIT_LENS_OPEN_DEMO=1 exec code --new-window --extensionDevelopmentPath="$PWD" "$ws"
fi
exec node scripts/start-workbench.mjs "$ws"

#!/usr/bin/env bash
# A stand-in "VS Code executable" for @vscode/test-electron's vscodeExecutablePath
# where VS Code desktop can't be downloaded: it takes --extensionDevelopmentPath,
# --extensionTestsPath and an optional folder, and runs them in code-server.
dev=; tests=; ws=
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) dev="${a#*=}" ;;
    --extensionTestsPath=*) tests="${a#*=}" ;;
    -*) ;;
    *) ws="$a" ;;
  esac
done
exec node "$(dirname "$0")/runSuiteInCodeServer.mjs" "$dev" "$tests" $ws

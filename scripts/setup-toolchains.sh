#!/usr/bin/env bash
# Installs the toolchains that compile and run emitted programs (Rust + rayon, Go 1.23, and the
# Node/TypeScript side that `npm ci` brings), then prebuilds rayon into the cache so that single
# files compile with plain rustc. Idempotent: a second run only checks and exits.
# See docs/toolchains.md for what each step does and how to do it by hand.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${CODELIVE_CACHE:-$REPO/.cache/toolchains}"
GO_PACKAGE=golang-1.23-go
GO_BIN=/usr/lib/go-1.23/bin/go

# rustup installs into ~/.cargo/bin; put it first so its rustc wins over a Debian one.
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

log() { printf '[setup-toolchains] %s\n' "$*"; }

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = 'install ok installed' ]
}

# Debian's main suite has Go 1.19 only; 1.23 lives in bookworm-backports, on the same mirror.
ensure_backports_source() {
  if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return
  fi
  local uri
  uri="$(awk '/^URIs:/ && !/security/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
  if [ -z "$uri" ]; then
    uri="$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)"
  fi
  uri="${uri:-http://deb.debian.org/debian}"
  log "adding bookworm-backports from $uri"
  cat >/etc/apt/sources.list.d/codelive-backports.sources <<EOF
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

install_apt_packages() {
  local main_packages=() want_go=0
  is_installed librust-rayon-dev || main_packages+=(librust-rayon-dev)
  # C#: Mono's mcs (C# 7) and runtime; mono-mcs brings System.Core (LINQ, PLINQ). See docs/csharp.md.
  is_installed mono-mcs || main_packages+=(mono-mcs)
  is_installed mono-runtime || main_packages+=(mono-runtime)
  if ! command -v cargo >/dev/null || ! command -v rustc >/dev/null; then
    log "no rustc/cargo on PATH or in ~/.cargo/bin: falling back to Debian's Rust"
    main_packages+=(rustc cargo rustfmt rust-clippy)
  fi
  is_installed "$GO_PACKAGE" || want_go=1
  if [ "${#main_packages[@]}" -eq 0 ] && [ "$want_go" -eq 0 ]; then
    log "apt packages already installed"
    return
  fi
  [ "$want_go" -eq 1 ] && ensure_backports_source
  log "apt-get update"
  apt-get update -qq
  export DEBIAN_FRONTEND=noninteractive
  if [ "${#main_packages[@]}" -gt 0 ]; then
    log "installing ${main_packages[*]}"
    apt-get install -y -qq --no-install-recommends "${main_packages[@]}" >/dev/null
  fi
  if [ "$want_go" -eq 1 ]; then
    log "installing $GO_PACKAGE from bookworm-backports"
    apt-get install -y -qq --no-install-recommends -t bookworm-backports "$GO_PACKAGE" >/dev/null
  fi
}

# The cargo project that builds rayon from Debian's vendored crate sources, offline.
write_rayon_project() {
  local dir="$1"
  mkdir -p "$dir/src" "$dir/.cargo"
  : >"$dir/src/lib.rs"
  cat >"$dir/Cargo.toml" <<'EOF'
[package]
name = "codelive-rayon-prebuild"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
rayon = "1"
EOF
  cat >"$dir/.cargo/config.toml" <<'EOF'
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "/usr/share/cargo/registry"
EOF
}

# Builds rayon once per rustc version. The manifest tells src/toolchain/detect.ts where the
# rlib is and which rustc made it (an rlib only links with the exact rustc that built it).
prebuild_rayon() {
  local dir="$CACHE/rayon" rustc_version manifest="$CACHE/rayon/manifest.json"
  rustc_version="$(rustc --version)"
  if [ -f "$manifest" ] && grep -qF "\"rustc\": \"$rustc_version\"" "$manifest" \
    && [ -f "$(sed -n 's/.*"rlib": "\(.*\)".*/\1/p' "$manifest")" ]; then
    log "rayon already built for $rustc_version"
    return
  fi
  log "building rayon with $rustc_version"
  rm -rf "$dir"
  write_rayon_project "$dir/project"
  local started=$SECONDS
  (cd "$dir/project" && CARGO_HOME="$dir/cargo-home" CARGO_TARGET_DIR="$dir/target" \
    cargo build --release --offline --quiet)
  local deps="$dir/target/release/deps" rlib
  local rlibs=("$deps"/librayon-*.rlib)
  rlib="${rlibs[0]}"
  cat >"$manifest" <<EOF
{
  "rustc": "$rustc_version",
  "rlib": "$rlib",
  "deps": "$deps"
}
EOF
  log "rayon built in $((SECONDS - started)) s"
}

# Go 1.20+ ships no precompiled standard library: compile the packages emitted programs use
# once, into the same GOCACHE that src/toolchain/go.ts uses.
warm_go_cache() {
  local dir="$CACHE/go/warm"
  mkdir -p "$dir"
  cat >"$dir/main.go" <<'EOF'
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

func main() {
	_ = bufio.NewReader(os.Stdin)
	_, _ = json.Marshal(math.Pi)
	_ = runtime.GOMAXPROCS(0)
	_ = slices.Contains([]int{}, 1)
	sort.Ints(nil)
	_ = strconv.Itoa(1) + strings.ToUpper("")
	var wg sync.WaitGroup
	wg.Wait()
	fmt.Print("")
}
EOF
  printf 'module warm\n\ngo 1.23\n' >"$dir/go.mod"
  local started=$SECONDS
  (
    cd "$dir"
    export GOCACHE="$CACHE/go/build-cache" GOPATH="$CACHE/go/path" GOFLAGS=-mod=mod \
      GOPROXY=off GOTOOLCHAIN=local GOTELEMETRY=off CGO_ENABLED=0
    "$GO_BIN" build -o /dev/null .
    "$GO_BIN" vet .
  )
  log "go build cache warm ($((SECONDS - started)) s)"
}

install_apt_packages
mkdir -p "$CACHE"
prebuild_rayon
warm_go_cache
log "rustc: $(command -v rustc) ($(rustc --version))"
log "go: $GO_BIN ($("$GO_BIN" version))"

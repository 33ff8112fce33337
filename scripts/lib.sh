# Shared by the scripts in this folder; sourced, never run.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION=0.22.1
BINARYEN_VERSION=132
# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock, exactly.
WASM_BINDGEN_VERSION="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Selects the compiler for wasm32 builds: rustup's target where it is installed, else
# Debian's rustc-web building std from source (see ../shared/TOOLCHAIN.md). Wasm builds get
# their own target folder so they never wait on, or invalidate, the native builds.
use_wasm_toolchain() {
  export CARGO_TARGET_DIR="$ROOT/target/web"
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    return
  fi
  export PATH="/usr/bin:$PATH"
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
}

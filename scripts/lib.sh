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
# Debian's rustc-web (1.96, at /usr/bin) building std from its sources (rust-web-src) with
# build-std, which stable cargo accepts under RUSTC_BOOTSTRAP, and linking with lld's
# wasm-ld. The fallback exists because rustup downloads the target from the Rust servers,
# which some machines cannot reach while Debian's mirror is. Wasm builds get their own
# target folder so they never wait on, or invalidate, the native builds.
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

# Starts Debian's PostgreSQL cluster (the postgresql package scripts/setup installs; no
# service manager starts it on a bare machine or a container) unless it runs already,
# stopping it again when the calling script exits; makes the test role and database, drops
# the databases earlier test runs left, and exports PULSE_TEST_POSTGRES_URL, which the
# server's integration tests read (each test makes a database of its own).
start_test_postgres() {
  local version as_postgres
  version="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tail -1)"
  [[ -n "$version" ]] || { echo "no PostgreSQL installed: run scripts/setup" >&2; return 1; }
  if ((EUID == 0)); then as_postgres=(runuser -u postgres --); else as_postgres=(sudo -u postgres); fi
  if ! pg_lsclusters --no-header | awk '{print $1, $2}' | grep -qx "$version main"; then
    "${as_postgres[@]}" pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -qx online; then
    pg_ctlcluster "$version" main start
    # shellcheck disable=SC2064 # the version is fixed now, on purpose
    trap "pg_ctlcluster $version main stop || true" EXIT
  fi
  local port
  port="$(pg_lsclusters --no-header | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')"
  "${as_postgres[@]}" psql -q -p "$port" -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pulse_test') THEN
    CREATE ROLE pulse_test LOGIN CREATEDB PASSWORD 'pulse_test';
  END IF;
END $$;
SQL
  local leftovers
  leftovers="$("${as_postgres[@]}" psql -p "$port" -tAc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'pulse\_test\_%'")"
  for database in $leftovers; do
    "${as_postgres[@]}" dropdb -p "$port" "$database"
  done
  if ! "${as_postgres[@]}" psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'pulse_test'" | grep -q 1; then
    "${as_postgres[@]}" createdb -p "$port" -O pulse_test pulse_test
  fi
  export PULSE_TEST_POSTGRES_URL="postgres://pulse_test:pulse_test@127.0.0.1:$port/pulse_test"
  echo "PostgreSQL $version on port $port: $PULSE_TEST_POSTGRES_URL"
}

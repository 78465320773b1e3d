#!/usr/bin/env bash
# Runs every test: domain unit tests, integration tests on SQLite and PostgreSQL,
# then the browser tests against the release build (with and without JavaScript).
# Installs whatever is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# PostgreSQL is part of the suite, never skipped: without it the run fails.
pg_url="${PITLANE_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
if ! psql "$pg_url" -qAtc 'SELECT 1' >/dev/null 2>&1; then
  echo "PostgreSQL is not reachable at $pg_url: the test suite needs it (set PITLANE_TEST_POSTGRES to point elsewhere)." >&2
  exit 1
fi
# Databases left by earlier runs (each test makes its own).
# One session for all of them: a psql per database took minutes after a few runs.
psql "$pg_url" -qAtc "SELECT format('DROP DATABASE IF EXISTS %I;', datname) FROM pg_database WHERE datname LIKE 'pitlane_test_%'" \
  | psql "$pg_url" -q >/dev/null 2>&1 || true
rm -f "${TMPDIR:-/tmp}"/pitlane_test_*.db*

echo "== formatting (rustfmt, and leptosfmt for view! macros)"
cargo fmt --check
leptosfmt --quiet --check app/src

echo "== clippy"
cargo clippy --workspace --all-targets --features app/ssr -- -D warnings

echo "== unit and integration tests (SQLite and PostgreSQL)"
cargo test --workspace

echo "== release build (server + islands wasm)"
cargo leptos build --release

echo "== browser tests (Chromium, with and without JavaScript)"
(cd end2end && npx playwright test)

echo "== all tests passed in $(( $(date +%s) - started )) s"

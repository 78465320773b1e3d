#!/usr/bin/env bash
# The load benchmark: builds the release, then for SQLite and PostgreSQL seeds the
# demo data plus a large dataset and measures every main page with wrk (64
# connections) beside a bare axum handler, first-load sizes, Lighthouse for the
# owner pages and the server's memory. Writes bench/results.md (scripts/bench.py).
# Not part of the test command. About 15 minutes after the build.
#   PITLANE_BENCH_OWNERS=10000 PITLANE_BENCH_SECONDS=5 scripts/bench.sh sqlite   # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if ! command -v wrk >/dev/null 2>&1; then
  echo "== apt-get install wrk"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq wrk >/dev/null 2>&1 || { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null; }
fi
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo leptos build --release
exec python3 scripts/bench.py "$@"

#!/usr/bin/env bash
# Installs whatever is missing, builds the release and serves Pitlane with the
# embedded SQLite database (data/pitlane.db, demo data seeded on first run).
set -euo pipefail
cd "$(dirname "$0")/.."
PITLANE_SKIP_BROWSER=1 scripts/setup.sh
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo leptos build --release
export LEPTOS_SITE_ROOT=target/site
# The demo portal: demo data into an empty database (a production start never
# seeds), and its texts link to where it listens unless PITLANE_PUBLIC_ORIGIN
# says otherwise (a production start refuses to run without it).
export PITLANE_SEED_DEMO=true
echo "Starting Pitlane on http://${PITLANE_ADDR:-127.0.0.1:3000} (Ctrl-C stops it)"
exec target/release/server

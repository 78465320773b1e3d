#!/usr/bin/env bash
# The quick check, a few minutes: formatting, clippy for the server and the
# browser (wasm) builds with warnings denied, import cycles, and the unit tests
# of the three rooms. Not the integration or browser tests: scripts/test.sh,
# the full test command, stays the gate.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

echo "== formatting"
cargo fmt --check
if command -v leptosfmt >/dev/null; then
  leptosfmt --quiet --check app/src
else
  echo "leptosfmt is not installed (scripts/setup.sh installs it): view! macros not checked"
fi

echo "== clippy, server build"
cargo clippy --workspace --all-targets --features app/ssr -- -D warnings

echo "== clippy, browser build (wasm)"
cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings

echo "== import cycles"
python3 scripts/import_cycles.py

echo "== unit tests (no integration binaries)"
cargo test -p pitlane -p app -p server --features app/ssr --lib --bins

echo "== quick check passed"

#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.5
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate in Cargo.lock
LEPTOSFMT_VERSION=0.1.33

step() { printf '\n== %s\n' "$*"; }
have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo clippy --version >/dev/null 2>&1; then
  step "rustup component add clippy"
  rustup component add clippy
fi

if ! have_version cargo-leptos "$CARGO_LEPTOS_VERSION"; then
  step "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 10 minutes on 2 cores)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lockfile pins a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# Formats the view! macros that rustfmt leaves alone (about 1.5 minutes to build).
if ! have_version leptosfmt "$LEPTOSFMT_VERSION"; then
  step "cargo install leptosfmt $LEPTOSFMT_VERSION"
  cargo install leptosfmt --locked --version "$LEPTOSFMT_VERSION"
fi

if [ "${PITLANE_SKIP_BROWSER:-0}" != 1 ] && ! command -v chromium >/dev/null 2>&1; then
  step "apt-get install chromium"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi

# Python's icalendar checks the .ics files we serve (a real parser, not ours).
if ! python3 -c 'import icalendar' >/dev/null 2>&1; then
  step "pip install icalendar"
  python3 -m pip install --quiet --disable-pip-version-check icalendar
fi

# Schemathesis reads the API's OpenAPI document and calls every endpoint with what it allows (the contract test).
SCHEMATHESIS_VERSION=4.32.5
# (sed reads pip's whole answer: `grep -q` would stop early and, under pipefail, fail the check every time)
if [ "$(python3 -m pip show schemathesis 2>/dev/null | sed -n 's/^Version: //p')" != "$SCHEMATHESIS_VERSION" ]; then
  step "pip install schemathesis $SCHEMATHESIS_VERSION"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# Node tools: Playwright for the browser tests and binaryen 132's wasm-opt
# (Debian's binaryen 108 builds wasm that fails to hydrate).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  step "npm ci (end2end: playwright, binaryen)"
  (cd end2end && npm ci --no-audit --no-fund)
fi

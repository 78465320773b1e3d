#!/usr/bin/env bash
# Prints the figures the budgets are judged by: first-load wasm + JS + CSS of the
# main pages (raw, gzip, brotli; budget 100 KB brotli) and the server's memory
# at idle. Uses the release build (built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -f target/release/server ] && [ -f target/site/pkg/pitlane.wasm ] || cargo leptos build --release

port=${PITLANE_BENCH_PORT:-3998}
workdir=$(mktemp -d)
DATABASE_URL="sqlite://$workdir/bench.db" PITLANE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  target/release/server >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$workdir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

node - "$port" <<'JS'
const zlib = require("zlib");
const port = process.argv[2];
const base = `http://127.0.0.1:${port}`;
const kb = (n) => (n / 1024).toFixed(1).padStart(7);
(async () => {
  for (const page of ["/", "/login", "/register", "/club", "/club/general", "/test-drive"]) {
    const html = await (await fetch(base + page)).text();
    const assets = [...new Set([...html.matchAll(/["'](\/pkg\/[^"']+)["']/g)].map((m) => m[1]))];
    // The island loader fetches the wasm beside the JS glue.
    if (assets.some((a) => a.endsWith(".js"))) assets.push("/pkg/pitlane.wasm");
    let total = { raw: 0, gzip: 0, br: 0 };
    console.log(`${page}  (first load: page's wasm, JS and CSS)`);
    for (const asset of [...new Set(assets)]) {
      const body = Buffer.from(await (await fetch(base + asset)).arrayBuffer());
      const sizes = {
        raw: body.length,
        gzip: zlib.gzipSync(body, { level: 9 }).length,
        br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
      for (const k in total) total[k] += sizes[k];
      console.log(`  ${asset.padEnd(24)} raw ${kb(sizes.raw)} KB  gzip ${kb(sizes.gzip)} KB  brotli ${kb(sizes.br)} KB`);
    }
    console.log(`  ${"total".padEnd(24)} raw ${kb(total.raw)} KB  gzip ${kb(total.gzip)} KB  brotli ${kb(total.br)} KB  (budget 100 KB brotli)`);
  }
})();
JS

sleep 2
echo "server memory at idle: $(awk '/VmRSS/ {printf "%.1f MB RSS", $2/1024}' /proc/$pid/status)"

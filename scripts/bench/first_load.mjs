// First-load size of each page: the wasm, JS and CSS its HTML pulls in, raw,
// gzip and brotli (the budget is 100 KB brotli). Prints JSON for bench.py.
// Usage: node first_load.mjs <base URL> <owner's session cookie> <page>...
import zlib from "node:zlib";

const [base, cookie, ...pages] = process.argv.slice(2);
const results = [];
for (const page of pages) {
  const headers = page.startsWith("/me") || page.startsWith("/service") || page.startsWith("/rewards") ? { Cookie: cookie } : {};
  const html = await (await fetch(base + page, { headers })).text();
  const assets = [...new Set([...html.matchAll(/["'](\/pkg\/[^"']+)["']/g)].map((m) => m[1]))];
  // The island loader fetches the wasm beside the JS glue.
  if (assets.some((a) => a.endsWith(".js"))) assets.push(html.match(/\/pkg\/[^"']+\.wasm/)?.[0] ?? "/pkg/pitlane.wasm");
  const total = { page, raw: 0, gzip: 0, br: 0 };
  for (const asset of new Set(assets)) {
    const body = Buffer.from(await (await fetch(base + asset)).arrayBuffer());
    total.raw += body.length;
    total.gzip += zlib.gzipSync(body, { level: 9 }).length;
    total.br += zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  results.push(total);
}
console.log(JSON.stringify(results));

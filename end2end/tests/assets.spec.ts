import { expect, test } from "./support";

// The release build names its assets by their content (cargo-leptos hash-files),
// so a browser may keep them for good: a new build has new names.
test("the page's script, wasm and stylesheet are named by their content and cached as immutable", async ({ request }) => {
  const html = await (await request.get("/login")).text();
  const assets = [...new Set([...html.matchAll(/["'](\/pkg\/[^"']+)["']/g)].map((m) => m[1]))];
  for (const ext of ["css", "js", "wasm"]) {
    expect(assets, `a hashed .${ext} on the page`).toContainEqual(expect.stringMatching(new RegExp(`^/pkg/pitlane\\.[0-9a-zA-Z_-]{8,}\\.${ext}$`)));
  }
  for (const asset of assets) {
    const answer = await request.get(asset);
    expect(answer.status(), asset).toBe(200);
    expect(answer.headers()["cache-control"], asset).toContain("immutable");
  }
  expect((await request.get("/pkg/pitlane.css")).status(), "no unhashed copy to go stale").toBe(404);
});

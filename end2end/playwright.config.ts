import { defineConfig, devices } from "@playwright/test";

// The release build, served on its own port with a fresh SQLite database and
// demo data. Every spec runs twice: with JavaScript and without it (the portal
// must work before, or without, the wasm). Specs that need wasm end in
// .hydrate.spec.ts and run only with JavaScript; specs of the integration API alone (.api.spec.ts) run once.
const port = Number(process.env.PITLANE_E2E_PORT ?? 3999);
// A debug build (`cargo leptos build`) will do while working on one spec.
const server = process.env.PITLANE_E2E_SERVER ?? "../target/release/server";
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "en-US",
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "js", use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    {
      name: "nojs",
      use: { ...devices["Pixel 7"], javaScriptEnabled: false, launchOptions: chromium },
      testIgnore: [/.*\.hydrate\.spec\.ts/, /.*\.api\.spec\.ts/],
    },
  ],
  webServer: {
    // The development sender logs every message it sends: the tests read codes there once sent.
    command: `rm -rf .data && mkdir .data && exec ${server} > .data/server.log 2>&1`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: "sqlite://.data/e2e.db",
      PITLANE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "../target/site",
      RUST_LOG: "warn,pitlane::notify::outbox::store=info",
      PITLANE_SEED_DEMO: "true",
    },
  },
});

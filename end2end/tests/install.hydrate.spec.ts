import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { cspViolations, test, expect } from "./support";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Installable: a manifest per language that Chromium accepts (name, icons at 192
// and 512 px, start URL /me, standalone), and a service worker that shows the
// offline page when the network is gone.
test("the portal installs in Chromium and says so when the network drops", async ({ request, baseURL }) => {
  const names: string[] = [];
  for (const lang of ["zh", "en"]) {
    const answer = await request.get(`/manifest.${lang}.webmanifest`);
    expect(answer.ok()).toBeTruthy();
    expect(answer.headers()["content-type"]).toContain("application/manifest+json");
    const manifest = await answer.json();
    expect(manifest.start_url).toBe("/me");
    expect(manifest.display).toBe("standalone");
    expect(manifest.theme_color).toBe("#0b3d5c");
    const sizes = manifest.icons.map((icon: { sizes: string }) => icon.sizes);
    expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const icon of manifest.icons) {
      const picture = await request.get(icon.src);
      expect(picture.ok()).toBeTruthy();
      expect(picture.headers()["content-type"]).toBe("image/png");
    }
    names.push(manifest.name);
  }
  expect(names[0]).toContain("车主");
  expect(names[1]).not.toBe(names[0]);

  // Chromium installs nothing from an incognito profile, which every test
  // context is: this one is a real profile, thrown away afterwards.
  const profile = mkdtempSync(join(tmpdir(), "pitlane-install-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
    baseURL,
    locale: "en-US",
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // The shared CSP watch sees the test's own page; this one is watched here.
    const violations = cspViolations(page);
    await installsAndShowsTheOfflinePage(page, context);
    expect(violations, "CSP violations in the console").toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

async function installsAndShowsTheOfflinePage(page: Page, context: BrowserContext) {
  await page.goto("/");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.en.webmanifest");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors).toEqual([]);

  await page.reload();
  await context.setOffline(true);
  await page.goto("/warranty").catch(() => undefined);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("You are offline");
  await context.setOffline(false);
  await page.getByRole("link", { name: /Try again/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toContainText("offline");
}

import { expect, signIn, test } from "./support";

// The admin's integrations desk: a key is made and shown once, works on the API, gets a webhook, and is revoked;
// with and without JavaScript (every form posts).
test("an admin makes a key, sees it once, subscribes a webhook in its name and revokes it", async ({ page, request }, info) => {
  const name = `E2E ERP ${info.project.name} ${Date.now() % 100000}`;
  await signIn(page, "admin@meridian-motors.cn");
  await page.goto("/admin/integrations");
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();

  await page.getByLabel("What it is for").fill(name);
  await page.getByRole("checkbox", { name: "events:read" }).check();
  await page.getByRole("checkbox", { name: "vehicles:read" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.locator("#shown code.secret");
  await expect(shown).toHaveText(/^pl_[A-Za-z0-9]{40}$/);
  const key = (await shown.textContent()) ?? "";
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("vehicles:read, events:read");
  await expect(row).toContainText("Brand-wide");

  const me = await request.get("/api/v1/key", { headers: { authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).name).toBe(name);
  await page.reload();
  await expect(page.locator("#shown"), "shown once: gone on the next visit").toHaveCount(0);

  await page.getByLabel("Key", { exact: true }).selectOption({ label: name });
  await page.getByLabel("Endpoint (https://…)").fill("ftp://erp.example.cn/hooks");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByText("An address starting http:// or https://.")).toBeVisible();
  await page.getByLabel("Key", { exact: true }).selectOption({ label: name });
  await page.getByLabel("Endpoint (https://…)").fill(`https://erp.example.cn/hooks/${info.project.name}`);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.locator("#shown code.secret")).toHaveText(/^whsec_[A-Za-z0-9]{32}$/);
  await expect(page.getByRole("heading", { name: `https://erp.example.cn/hooks/${info.project.name}` }).first()).toBeVisible();

  await row.getByText(`Revoke ${name}`).click();
  await row.getByRole("button", { name: "Revoke the key" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Key revoked." })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
  const refused = await request.get("/api/v1/key", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
});

test("the desk speaks Chinese too, and is an admin's only", async ({ page, context, baseURL }) => {
  await signIn(page, "analyst@meridian-motors.cn");
  const refused = await page.goto("/admin/integrations");
  expect(refused?.status()).toBe(403);
  await context.clearCookies();
  await signIn(page, "admin@meridian-motors.cn");
  await context.addCookies([{ name: "lang", value: "zh-CN", url: baseURL as string }]);
  await page.goto("/admin/integrations");
  await expect(page.getByRole("heading", { level: 1, name: "系统对接" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "接口密钥" })).toBeVisible();
});

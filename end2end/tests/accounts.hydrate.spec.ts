import { expect, finishRegistration, test, uniqueMobile, watchConsole } from "./support";

// Needs the wasm: the field checks run in the browser with the domain's parser.
test("register with a live-checked field, switch language, sign out", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/register");
  await page.waitForLoadState("networkidle"); // the wasm has arrived and the islands hydrate

  const identifier = page.getByLabel("Mobile number or e-mail");
  await identifier.fill("1381234");
  await page.getByLabel("Your name").click(); // leaving the field runs the check in wasm
  await expect(page.getByText("Enter an 11-digit mainland mobile number")).toBeVisible();

  const mobile = uniqueMobile();
  await identifier.fill(mobile);
  await page.getByLabel("Your name").fill("Chen Jie");
  await expect(page.getByText("Enter an 11-digit mainland mobile number")).toBeHidden();
  await finishRegistration(page, mobile);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Chen Jie");

  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("您好");

  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录" }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("the VIN box on the home page checks the VIN in the browser", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("VIN").fill("LMVSA5B2ORS100010");
  await page.getByRole("button", { name: "Check" }).focus();
  await expect(page.getByText("Position 9: the letter O never appears in a VIN")).toBeVisible();
  expect(errors).toEqual([]);
});

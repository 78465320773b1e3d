import { expect, signIn, test, watchConsole } from "./support";

// With JavaScript the search answers as care types, before the form is sent.
test("results come as care types part of a mobile", async ({ page }) => {
  await signIn(page, "care@meridian-motors.cn");
  const errors = watchConsole(page);
  await page.goto("/staff/customers");
  await page.waitForLoadState("networkidle"); // the wasm has arrived and the islands hydrate
  await page.getByRole("searchbox", { name: "Find a customer" }).pressSequentially("0000001", { delay: 30 });
  await expect(page.getByRole("link", { name: "王芳" }).first()).toBeVisible();
  await expect(page).toHaveURL(/\/staff\/customers$/);
  expect(errors).toEqual([]);
});

import { expect, signIn, test } from "./support";

// The demo care agent 周敏 finds the demo owner 王芳 by a part of her mobile,
// opens her customer page, leaves a note and filters the timeline by kind.
// Plain forms and links throughout: it runs with and without JavaScript.
test("care finds an owner by part of the mobile and reads the timeline", async ({ page }, info) => {
  test.setTimeout(60_000);
  const note = `Asked about winter tyres (${info.project.name} ${Date.now()})`;
  await signIn(page, "care@meridian-motors.cn");
  await page.goto("/staff/customers");
  await page.getByRole("searchbox", { name: "Find a customer" }).fill("0000001");
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByRole("link", { name: "王芳" }).first().click();
  await expect(page).toHaveURL(/\/staff\/owners\/\d+/);
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await expect(page.getByText("13800000001", { exact: false }).first()).toBeVisible();

  await page.getByLabel("Add a note").fill(note);
  await page.getByRole("button", { name: "Save note" }).click();
  await expect(page).toHaveURL(/kind=notes/);
  await expect(page.getByText(note)).toBeVisible();

  const filters = page.getByRole("navigation", { name: "Filter by kind" });
  await filters.getByRole("link", { name: "Bookings" }).click();
  await expect(page).toHaveURL(/kind=bookings/);
  await expect(filters.getByRole("link", { name: "Bookings" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText(note)).toHaveCount(0);
  await filters.getByRole("link", { name: "All" }).click();
  await expect(page.getByText(note)).toBeVisible();
});

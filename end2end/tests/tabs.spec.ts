import { expect, signIn, test } from "./support";

// On a phone an owner's places are tabs at the foot of the screen; the header
// keeps the brand, the language and sign-out. A wider screen keeps the header's links.
test("an owner moves between places with the tabs at the foot of a phone's screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, "13800000002");
  const tabs = page.getByRole("navigation", { name: "Owner tabs" });
  await expect(tabs.getByRole("link")).toHaveText([/^Me/, "Garage", "Bookings", "Feedback", "Club"]);
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("button", { name: "中文" })).toBeVisible();

  await tabs.getByRole("link", { name: "Garage" }).click();
  await expect(page).toHaveURL(/\/me\/garage$/);
  await expect(tabs.locator('[aria-current="page"]')).toHaveText("Garage");
  await page.goto("/service/book");
  await expect(tabs.locator('[aria-current="page"]')).toHaveText("Bookings");
  await page.goto("/warranty");
  await expect(tabs.locator('[aria-current="page"]')).toHaveCount(0);

  // The Me tab counts what is unread, as the messages page shows it.
  await page.goto("/me/notifications");
  const unread = await page.locator(".notification.unread").count();
  const me = tabs.getByRole("link", { name: /^Me/ });
  await expect(me).toHaveAccessibleName(unread > 0 ? `Me ${unread} unread` : "Me");

  // The tabs cover nothing: at the end of a long page the footer sits above them.
  await page.goto("/me");
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const footer = await page.locator(".site-footer").boundingBox();
  const bar = await tabs.boundingBox();
  expect(footer && bar && footer.y + footer.height <= bar.y + 1, "the footer ends above the tab bar").toBe(true);

  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(tabs).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Garage" })).toBeVisible();
});

test("staff keep the header on a phone: the tabs are an owner's", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, "care@meridian-motors.cn");
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Owner tabs" })).toHaveCount(0);
});

test("staff see their desks in the header, and switch to their own car's pages and back", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, "care@meridian-motors.cn");
  await page.goto("/staff");
  const nav = page.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Cases" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Call-backs" })).toBeVisible();
  for (const owners of ["Garage", "My bookings", "Feedback"]) {
    await expect(nav.getByRole("link", { name: owners, exact: true })).toHaveCount(0);
  }
  await expect(nav.getByRole("link", { name: "Workshop day" })).toHaveCount(0);

  await page.getByRole("link", { name: "My car pages" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(nav.getByRole("link", { name: "Garage", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Cases" })).toHaveCount(0);
  await page.getByRole("link", { name: "Back to my desk" }).click();
  await expect(page).toHaveURL(/\/staff$/);
  await expect(nav.getByRole("link", { name: "Cases" })).toBeVisible();
});

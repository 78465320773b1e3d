import { expect, test } from "@playwright/test";

// The demo owner 王芳 (13800000001) has two cars; each project books its own day.
test("an owner books a slot, sees it in her bookings and can download the calendar file", async ({ page }, info) => {
  await page.goto("/login");
  await page.getByLabel("Mobile number or e-mail").fill("13800000001");
  await page.getByLabel("Password").fill("pitlane2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/me$/);

  await page.goto("/service/book");
  await page.getByLabel("Service").selectOption({ label: "Safety inspection (30 min)" });
  await page.getByRole("button", { name: "Show free times" }).click();
  const days = page.locator(".calendar a");
  await expect(days.first()).toBeVisible();
  await days.nth(info.project.name === "js" ? 2 : 3).click();
  await expect(page.getByRole("heading", { name: /Pick a time/ })).toBeVisible();
  await page.getByLabel("Note: anything the technician should know (optional)").fill("Rattle from the rear left door");
  await page.getByRole("button", { name: "Book this time" }).click();

  await expect(page).toHaveURL(/\/me\/bookings\/\d+$/);
  await expect(page.getByText("Booked", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: /^0\d{2}-\d{4} \d{4}$/ })).toBeVisible(); // the dealer's phone
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to calendar (.ics)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^booking-\d+\.ics$/);

  await page.goto("/me/bookings");
  await expect(page.getByRole("link", { name: /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/ }).first()).toBeVisible();
});

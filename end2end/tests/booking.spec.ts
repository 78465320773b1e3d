import { expect, Page, test } from "@playwright/test";

async function signIn(page: Page, identifier: string) {
  await page.goto("/login");
  await page.getByLabel("Mobile number or e-mail").fill(identifier);
  await page.getByLabel("Password").fill("pitlane2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
}

// The demo owner 王芳 (13800000001) books at the Shanghai dealer, whose demo
// advisor (赵磊) completes the visit; each project uses its own day.
test("an owner books a slot, gets the calendar file, the advisor completes it, the owner sees the history", async ({ page }, info) => {
  await signIn(page, "13800000001");
  await page.goto("/service/book");
  await page.getByLabel("Dealer").selectOption({ label: "Shanghai · Meridian Shanghai Pudong" });
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
  await expect(page.getByRole("link", { name: "021-5888 1001" })).toBeVisible(); // the dealer's phone
  const when = (await page.locator("dd").first().textContent()) ?? "";
  const day = when.slice(0, 10);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to calendar (.ics)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^booking-\d+\.ics$/);
  await page.goto("/me/bookings");
  await expect(page.getByRole("link", { name: when.slice(0, 16) })).toBeVisible();
  await signOut(page);

  await signIn(page, "advisor.sh@meridian-motors.cn");
  await page.goto(`/staff/schedule?day=${day}`);
  const visit = page.locator(".visit").filter({ hasText: "Rattle from the rear left door" });
  await visit.getByPlaceholder("Current mileage (km)").fill("49000");
  await visit.getByRole("button", { name: "Check in" }).click();
  const checkedIn = page.locator(".visit").filter({ hasText: "Rattle from the rear left door" });
  await checkedIn.getByLabel("Work done").fill(`Safety inspection ${info.project.name}`);
  await checkedIn.getByLabel("Amount (yuan)").fill("0");
  await checkedIn.getByLabel("Current mileage (km)").fill("49010");
  await checkedIn.getByRole("button", { name: "Complete the visit" }).click();
  await expect(page.locator(".visit").filter({ hasText: "Rattle from the rear left door" }).getByText("Completed").first()).toBeVisible();
  await signOut(page);

  await signIn(page, "13800000001");
  await page.goto("/me/garage");
  await page.getByRole("link", { name: /Meridian S5/ }).click();
  await expect(page.getByText(`Safety inspection ${info.project.name}`)).toBeVisible();
});

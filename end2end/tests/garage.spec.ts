import { expect, photo, signIn, signOut, test } from "./support";

// Sold demo cars nobody owns yet, one per project, as both run on one database.
// The dealer recorded Emily Zhang (13800000003, verified) as the buyer of these two:
const BOUGHT_BY_EMILY: Record<string, string> = { js: "LMVEC3E19SS100009", nojs: "LMVSA5B20RS100010" };
// ... and no number for these, bought second-hand: a claim needs the registration certificate.
const SECOND_HAND: Record<string, { vin: string; owner: string }> = {
  js: { vin: "LMVEC3E10SS100013", owner: "13800000002" },
  nojs: { vin: "LMVXB7H49RS100014", owner: "chen.jie@example.com" },
};

test("the registered buyer adds a car, fixing a typo in the VIN, and sees the warranty card", async ({ page }, info) => {
  const vin = BOUGHT_BY_EMILY[info.project.name];
  const typo = vin.slice(0, 12) + (vin[12] === "5" ? "6" : "5") + vin.slice(13);
  await signIn(page, "13800000003");

  await page.goto("/me/garage");
  await page.getByLabel("VIN").fill(typo);
  await page.getByRole("button", { name: "Add car" }).click();
  await expect(page.getByText("The check digit (position 9) does not match")).toBeVisible();
  await expect(page.getByLabel("VIN")).toHaveValue(typo);

  await page.getByLabel("VIN").fill(vin);
  await page.getByRole("button", { name: "Add car" }).click();
  await expect(page).toHaveURL(new RegExp(`/me/garage/${vin}`));
  await expect(page.getByText("The car is in your garage.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Warranty cover" })).toBeVisible();
  const cover = page.getByRole("region", { name: "Warranty cover" });
  await expect(cover.getByText("Whole vehicle")).toBeVisible();
  await expect(cover.getByText(/Covered until/).first()).toBeVisible();

  await page.goto("/me/garage");
  await expect(page.getByText(vin)).toBeVisible();
});

test("a second-hand car waits for customer care, who approve it on the registration certificate", async ({ page }, info) => {
  const { vin, owner } = SECOND_HAND[info.project.name];
  await signIn(page, owner);
  await page.goto("/me/garage");
  await page.getByLabel("VIN").fill(vin);
  await page.getByRole("button", { name: "Add car" }).click();

  // Not the registered buyer: the same VIN again, with a photo of the certificate.
  await expect(page.getByRole("heading", { name: "Show that the car is yours" })).toBeVisible();
  await expect(page.getByLabel("VIN")).toHaveValue(vin);
  await page.getByLabel(/^Photo of the registration certificate/).setInputFiles({ name: "xingshizheng.png", mimeType: "image/png", buffer: photo });
  await page.getByRole("button", { name: "Send for confirmation" }).click();
  await expect(page.getByText(/^Sent\. Customer care will tell you/)).toBeVisible();
  const waiting = page.getByRole("region", { name: "Waiting for confirmation" });
  await expect(waiting.getByText(vin)).toBeVisible();
  await page.goto(`/me/garage/${vin}`);
  await expect(page.getByText("Page not found")).toBeVisible();
  await signOut(page);

  await signIn(page, "care@meridian-motors.cn");
  await page.goto("/staff");
  await page.getByRole("link", { name: "Car claims waiting for confirmation" }).click();
  await expect(page.getByRole("heading", { name: "Car claims", exact: true })).toBeVisible();
  const claim = page.getByRole("listitem").filter({ hasText: vin });
  await expect(claim.getByRole("link", { name: "See the registration certificate" })).toBeVisible();
  await claim.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Recorded.")).toBeVisible();
  await signOut(page);

  await signIn(page, owner);
  await page.goto(`/me/garage/${vin}`);
  await expect(page.getByRole("heading", { name: "Warranty cover" })).toBeVisible();
});

test("the public warranty lookup works as a link and names what is wrong with a VIN", async ({ page }) => {
  await page.goto("/warranty?vin=LMVSA5B20RS10001");
  await expect(page.getByText("A VIN has 17 characters; this one has 16.")).toBeVisible();
  await page.goto("/warranty?vin=LMVSA5B20RS100010");
  await expect(page.getByRole("heading", { name: /Meridian S5/ })).toBeVisible();
  await expect(page.getByText("Whole vehicle")).toBeVisible();
});

// 王芳's e3 is in a service campaign (a battery software update): on /me it is
// a service campaign to do, not maintenance, and nothing is overdue without a
// date. Reporting work done elsewhere leaves "was it maintenance?" to her.
test("a service campaign is its own reminder and no answer is chosen for the owner", async ({ page }) => {
  await signIn(page, "13800000001");
  await page.goto("/me");
  const campaign = page.locator(".reminder").filter({ hasText: "Battery management software update" });
  await expect(campaign).toHaveCount(1);
  await expect(campaign).toContainText("Service campaign");
  await expect(campaign).toContainText("To do");
  for (const wrong of ["Maintenance", "Overdue", "Due", "No date or distance"]) {
    await expect(campaign).not.toContainText(wrong);
  }
  await campaign.getByRole("link", { name: "Book a visit" }).click();
  await expect(page).toHaveURL(/\/service\/book\?vin=[A-Z0-9]{17}&campaign=1$/);
  await expect(page.getByLabel("Service").locator("option:checked")).toHaveText("Choose a service");

  await page.goto("/me/garage/LMVSA5B27NS100001");
  await expect(page.getByLabel("This was scheduled maintenance (counts for reminders)")).not.toBeChecked();
});

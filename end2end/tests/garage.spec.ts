import { expect, test } from "@playwright/test";
import { register, uniqueMobile } from "./support";

// Sold demo cars nobody owns yet: one per project, as both run on one database.
const FREE_VINS: Record<string, string> = { js: "LMVEC3E19SS100009", nojs: "LMVSA5B20RS100010" };

test("an owner adds a car, fixing a typo in the VIN, and sees the warranty card", async ({ page }, info) => {
  const vin = FREE_VINS[info.project.name];
  const typo = vin.slice(0, 12) + (vin[12] === "5" ? "6" : "5") + vin.slice(13);
  await register(page, uniqueMobile(), "Garage Owner");

  await page.goto("/me/garage");
  await expect(page.getByText("No cars yet")).toBeVisible();
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
  await expect(page.getByRole("link", { name: /Meridian/ })).toBeVisible();
});

test("the public warranty lookup works as a link and names what is wrong with a VIN", async ({ page }) => {
  await page.goto("/warranty?vin=LMVSA5B20RS10001");
  await expect(page.getByText("A VIN has 17 characters; this one has 16.")).toBeVisible();
  await page.goto("/warranty?vin=LMVSA5B20RS100010");
  await expect(page.getByRole("heading", { name: /Meridian S5/ })).toBeVisible();
  await expect(page.getByText("Whole vehicle")).toBeVisible();
});

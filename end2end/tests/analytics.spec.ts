import { axeFindings, expect, login, test } from "./support";

// The CRM analyst's demo login lands on the analytics, whose demo history fills the charts.
test("the analyst lands on analytics and reads a chart with its numbers beside it", async ({ page, javaScriptEnabled }) => {
  await login(page, "analyst@meridian-motors.cn", "pitlane2026");
  await expect(page).toHaveURL(/\/staff\/analytics$/);
  await expect(page.getByRole("heading", { level: 1, name: "Customer analytics" })).toBeVisible();

  const satisfaction = page.getByRole("region", { name: "Satisfaction" });
  const chart = satisfaction.getByRole("img", { name: /CSAT mean by month/ });
  await expect(chart).toBeVisible();
  // The same figures as a table: twelve months, each with its mean.
  const table = satisfaction.getByRole("table").first();
  await expect(table.getByRole("columnheader", { name: "CSAT mean (1–5)" })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(13);
  await expect(page.getByRole("region", { name: "Sales funnel" }).getByRole("img").first()).toBeVisible();

  // The filter is a plain GET form: one dealer's figures, the brand-wide ones say why they are gone.
  await page.getByRole("combobox", { name: /^Dealer/ }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/dealer=\d+/);
  await expect(page.getByText(/counted brand-wide only/).first()).toBeVisible();

  if (javaScriptEnabled !== false) expect(await axeFindings(page)).toEqual([]);
});

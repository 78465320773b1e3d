import { Page } from "@playwright/test";
import { expect, signIn, signOut, startEventNow, test } from "./support";

// Each project has its own seeded owner (the welcome bonus: 100 points for a verified mobile).
const OWNERS: Record<string, [string, string]> = { js: ["13800000001", "王芳"], nojs: ["13800000002", "李伟"] };
const EVENT = "周末滨江自驾与咖啡";

async function balance(page: Page): Promise<number> {
  await page.goto("/rewards");
  return Number(await page.locator(".figure").first().locator(".figure-value").innerText());
}

test("an owner takes a place at an event, the organising moderator marks them there, and the points arrive", async ({
  page,
}, info) => {
  // Points are credited by the server's 30-second job.
  test.setTimeout(90_000);
  const [owner, name] = OWNERS[info.project.name];
  await signIn(page, owner);
  const before = await balance(page);
  await page.goto("/club/events");
  await page.getByRole("link", { name: EVENT }).first().click();
  await page.getByRole("button", { name: "Join", exact: true }).click();
  await expect(page.getByRole("button", { name: "Give up my place" })).toBeVisible();
  const event = page.url();
  await signOut(page);

  startEventNow(EVENT);
  await signIn(page, "13800000010");
  await page.goto(event);
  await page.getByRole("listitem").filter({ hasText: name }).getByRole("button", { name: "Mark as there" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: name }).getByText("Checked in")).toBeVisible();
  await signOut(page);

  await signIn(page, owner);
  await expect.poll(() => balance(page), { timeout: 60_000, intervals: [3_000] }).toBe(before + 50);
  await expect(page.getByRole("cell", { name: "Event attended" }).first()).toBeVisible();
});

test("an owner redeems points for a voucher, a dealer's counter uses it once and refuses it again", async ({
  page,
  context,
}, info) => {
  await signIn(page, OWNERS[info.project.name][0]);
  await page.goto("/rewards");
  await expect(page.getByRole("heading", { name: "Points and rewards" })).toBeVisible();
  const balance = Number(await page.locator(".figure").first().locator(".figure-value").innerText());
  expect(balance).toBeGreaterThanOrEqual(100);
  await expect(page.getByRole("heading", { name: /^Tier: / })).toBeVisible();
  await expect(page.getByRole("img", { name: "Points earned per month, last 12 months" })).toBeVisible();

  const badge = page.getByRole("listitem").filter({ hasText: "Club pin badge" });
  await expect(badge.getByText("100 points", { exact: true })).toBeVisible();
  // Redeeming asks first: the reward, its points and what is left.
  await badge.locator("summary", { hasText: "Redeem" }).click();
  await expect(
    badge.getByText(`100 points for “Club pin badge”, leaving you ${balance - 100} point${balance - 100 === 1 ? "" : "s"}.`),
  ).toBeVisible();
  await badge.getByRole("link", { name: "No, go back" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Redeemed!" })).toHaveCount(0);
  expect(Number(await page.locator(".figure").first().locator(".figure-value").innerText())).toBe(balance);
  await badge.locator("summary", { hasText: "Redeem" }).click();
  await badge.getByRole("button", { name: "Yes, redeem" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Redeemed!" })).toBeVisible();
  const code = (await page.locator(".voucher .referral-code").first().innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(page.locator(".voucher .qr svg").first()).toBeVisible();
  const after = Number(await page.locator(".figure").first().locator(".figure-value").innerText());
  expect(after).toBe(balance - 100);
  await page.getByLabel("Filter").selectOption("redeem");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: "-100" }).first()).toBeVisible();
  await signOut(page);

  // Shanghai's service advisor at the counter; a second tab has the same voucher open.
  await signIn(page, "advisor.sh@meridian-motors.cn");
  await page.goto("/staff/vouchers");
  await page.getByLabel("Voucher code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByText("Club pin badge")).toBeVisible();
  const second = await context.newPage();
  await second.goto(page.url());
  await page.getByRole("button", { name: "Redeem now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Redeemed." })).toBeVisible();
  await expect(page.getByText("Used").first()).toBeVisible();
  await second.getByRole("button", { name: "Redeem now" }).click();
  await expect(second.getByRole("alert").filter({ hasText: "has been used already" })).toBeVisible();
});

test("the rewards page words its numbers and draws a month without points as a hairline under readable labels", async ({
  page,
}, info) => {
  await signIn(page, OWNERS[info.project.name][0]);
  await page.goto("/rewards");
  // No "1 Points", no kind said twice: each card's points read as words do.
  for (const text of await page.locator(".reward .post-title + p strong").allInnerTexts()) {
    expect(text).toMatch(/^(1 point|\d+ points)$/);
  }
  await expect(page.locator(".reward").filter({ hasText: /Service voucher\s+Service voucher/ })).toHaveCount(0);
  await expect(page.locator(".rewards").first()).toHaveCSS("list-style-type", "none");

  const chart = page.getByRole("img", { name: "Points earned per month, last 12 months" });
  const months = await page.locator('section[aria-labelledby="chart-title"] table tbody tr').evaluateAll((rows) =>
    rows.map((row) => Number(row.querySelectorAll("td")[1]?.textContent ?? "0")),
  );
  expect(months).toHaveLength(12);
  await expect(chart.locator("rect.chart-bar")).toHaveCount(months.filter((p) => p > 0).length);
  await expect(chart.locator("rect.chart-zero")).toHaveCount(months.filter((p) => p <= 0).length);
  const boxes = async (selector: string) =>
    chart.locator(selector).evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  for (const zero of await boxes("rect.chart-zero")) expect(zero.height).toBeLessThan(3);
  const lowestBar = Math.max(...(await boxes("rect")).map((r) => r.bottom));
  const highestLabel = Math.min(...(await boxes("text")).map((t) => t.top));
  expect(lowestBar, "bars end above the month labels").toBeLessThanOrEqual(highestLabel);
});

import { execFileSync } from "node:child_process";
import { expect, register, test, uniqueMobile, watchConsole } from "./support";

// The dealer's systems call the integration API with a key an operator made on the command line.
const server = process.env.PITLANE_E2E_SERVER ?? "../target/release/server";

function apiKey(name: string, scopes: string, dealer: string | null = "SH01"): string {
  const bound = dealer === null ? [] : ["--dealer", dealer];
  const printed = execFileSync(server, ["api-key", "create", "--name", name, "--scopes", scopes, ...bound], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "sqlite://.data/e2e.db" },
  });
  const key = printed.trim().split(/\s+/).pop() ?? "";
  expect(key, "the key printed once").toMatch(/^pl_[A-Za-z0-9]{40}$/);
  return key;
}

/** A made-up VIN of the brand's make with its check digit. */
function freshVin(): string {
  const values: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5,
    P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const body = "LMRXB7H40TZ" + String(Date.now() % 1e6).padStart(6, "0");
  const sum = [...body].reduce((total, c, i) => total + (values[c] ?? Number(c)) * weights[i], 0) % 11;
  return body.slice(0, 8) + (sum === 10 ? "X" : String(sum)) + body.slice(9);
}

/** Today as the dealers' calendar reads it (China time). */
function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

test("a car the dealer's system sells and services is in the buyer's garage with the visit in its history", async ({ page, request }, info) => {
  const mobile = uniqueMobile();
  await register(page, mobile, "Workshop Buyer");
  const authorization = `Bearer ${apiKey(`e2e DMS ${info.project.name}`, "vehicles:write,service:write")}`;
  const vin = freshVin();
  const today = chinaToday();

  const sold = await request.put(`/api/v1/vehicles/${vin}`, {
    headers: { authorization },
    data: { model: "X7", model_year: 2026, production_date: today, dealer: "SH01", sale: { date: today, buyer_mobile: mobile } },
  });
  expect(sold.status()).toBe(201);
  expect(await sold.json()).toMatchObject({ change: "created", buyer: "in_garage" });

  const serviced = await request.post("/api/v1/repair-orders", {
    headers: { authorization, "idempotency-key": `e2e-${vin}` },
    data: {
      number: `RO-${vin}`, vin, dealer: "SH01", opened_on: today, closed_on: today, mileage_km: 1200, amount: "380.00",
      maintenance: true,
      lines: [
        { kind: "labour", description: "First service", amount: "200" },
        { kind: "part", description: "Oil filter", part_number: "OF-123", amount: "180" },
      ],
    },
  });
  expect(serviced.status()).toBe(201);

  await page.goto("/me/garage");
  await expect(page.getByText(vin)).toBeVisible();
  await page.goto(`/me/garage/${vin}`);
  await expect(page.getByText("First service；Oil filter")).toBeVisible();
});

test("a recall the brand posts for a car waits for its parts, is bookable when they arrive and leaves when done", async ({ page, request }, info) => {
  const mobile = uniqueMobile();
  await register(page, mobile, "Recall Owner");
  const dealer = `Bearer ${apiKey(`e2e DMS recall ${info.project.name}`, "vehicles:write,recalls:write")}`;
  const brand = `Bearer ${apiKey(`e2e ERP ${info.project.name}`, "recalls:write", null)}`;
  const vin = freshVin();
  const today = chinaToday();
  const sold = await request.put(`/api/v1/vehicles/${vin}`, {
    headers: { authorization: dealer },
    data: { model: "S5", model_year: 2026, production_date: today, dealer: "SH01", sale: { date: today, buyer_mobile: mobile } },
  });
  expect(sold.status()).toBe(201);
  const code = `R-E2E-${vin}`;
  const issued = await request.post("/api/v1/recalls", {
    headers: { authorization: brand },
    data: {
      code, kind: "recall", title_zh: "副驾驶气囊", title_en: "Passenger airbag", remedy_zh: "更换气囊模块",
      remedy_en: "Replace the airbag module", vins: [vin],
    },
  });
  expect(issued.status()).toBe(201);

  // This recall's entry: other specs (the contract test's fuzzing among them) may issue recalls reaching this model.
  const campaigns = page.getByRole("region", { name: /召回与服务活动|Recalls and service campaigns/ });
  const entry = campaigns.getByRole("listitem").filter({ hasText: code });
  const fix = entry.getByRole("link", { name: /预约处理|Book the fix/ });
  await page.goto(`/me/garage/${vin}`);
  await expect(entry).toBeVisible();
  await expect(entry.getByText(/配件到店后我们会通知您预约|we will tell you when parts arrive/)).toBeVisible();
  await expect(fix).toHaveCount(0);

  const arrived = await request.patch(`/api/v1/recalls/${code}`, { headers: { authorization: brand }, data: { parts_available: true } });
  expect(arrived.status()).toBe(200);
  await page.reload();
  await expect(fix).toBeVisible();

  const done = await request.put(`/api/v1/recalls/${code}/completions/${vin}`, {
    headers: { authorization: dealer },
    data: { completed_on: today, dealer: "SH01" },
  });
  expect(done.status()).toBe(201);
  await page.reload();
  await expect(fix).toHaveCount(0);
  await expect(entry.getByText(/已完成|Done/)).toBeVisible();
});

test("the API's reference page reads without a key and names every endpoint", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { name: /Pitlane integration API/ })).toBeVisible();
  for (const endpoint of ["PUT /api/v1/vehicles/{vin}", "POST /api/v1/vehicles:batch", "POST /api/v1/repair-orders", "GET /api/v1/events"]) {
    await expect(page.getByRole("heading", { name: endpoint })).toBeVisible();
  }
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(scroll, "nothing wider than the screen").toBeLessThanOrEqual(0);
  expect(errors, "nothing the page asks for is missing").toEqual([]);
});

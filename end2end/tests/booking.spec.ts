import { Locator } from "@playwright/test";
import { expect, photo, signIn, signOut, test, visitToday } from "./support";
import { execFileSync } from "node:child_process";

/// The server's daily run as of `days` from now, against the e2e database
/// (what the scheduler would send by then: here, the follow-up survey).
function runDailyJobsIn(days: number) {
  const at = new Date(Date.now() + days * 86_400_000).toISOString();
  execFileSync(process.env.PITLANE_E2E_SERVER ?? "../target/release/server", ["run-jobs", "--at", at], {
    env: { ...process.env, DATABASE_URL: "sqlite://.data/e2e.db", RUST_LOG: "warn" },
  });
}

// The demo owner 王芳 (13800000001) books at the Shanghai dealer, whose demo
// advisor (赵磊) runs the visit; each project books its own day, and the visit
// is brought to today (its own hour) for the check-in.
test("an owner books a slot, follows the workshop, approves an estimate, sees the history and answers the survey", async ({ page }, info) => {
  test.setTimeout(120_000);
  await signIn(page, "13800000001");
  await page.goto("/service/book");
  // Two cars: none is chosen for her, nor a service.
  await expect(page.getByLabel("Car").locator("option:checked")).toHaveText("Choose a car");
  await expect(page.getByLabel("Service").locator("option:checked")).toHaveText("Choose a service");
  await page.getByLabel("Car").selectOption({ label: "Meridian S5 · 沪A8K2M6" });
  await page.getByLabel("Dealer").selectOption({ label: "Shanghai · Meridian Shanghai Pudong" });
  await page.getByLabel("Service").selectOption({ label: "Safety inspection (30 min)" });
  await page.getByRole("button", { name: "Show free times" }).click();
  const days = page.locator(".calendar a");
  await expect(days.first()).toBeVisible();
  await days.nth(info.project.name === "js" ? 2 : 3).click();
  await expect(page.getByRole("heading", { name: /Pick a time/ })).toBeVisible();
  // No time is chosen for her: she picks one.
  await expect(page.getByRole("radio", { checked: true })).toHaveCount(0);
  await page.getByRole("radio").first().check();
  const concern = `Rattle from the rear left door (${info.project.name})`;
  await page.getByLabel("Note: anything the technician should know (optional)").fill(concern);
  await page.getByLabel(/^Add photos/).setInputFiles({ name: "door.png", mimeType: "image/png", buffer: photo });
  await page.getByRole("button", { name: "Book this time" }).click();

  await expect(page).toHaveURL(/\/me\/bookings\/\d+$/);
  const bookingUrl = page.url();
  const bookingId = Number(bookingUrl.split("/").pop());
  await expect(page.locator("p .badge").getByText("Booked", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "021-5888 1001" })).toBeVisible(); // the dealer's phone
  await expect(page.getByRole("img", { name: "The owner's photo of the concern" })).toBeVisible();
  const when = (await page.locator("dd").first().textContent()) ?? "";
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add to calendar (.ics)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^booking-\d+\.ics$/);
  await page.goto("/me/bookings");
  // The card says when (weekday and time, on the dealer's clock), where, what and which car.
  const hour = when.slice(11, 16);
  const listed = page.locator(".booking-card").filter({ has: page.getByRole("link", { name: new RegExp(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d+ [A-Z][a-z]{2} ${hour}$`) }) });
  await expect(listed.first()).toBeVisible();
  await expect(listed.first()).toContainText("Meridian Shanghai Pudong");
  await expect(listed.first()).toContainText("Safety inspection");
  await expect(listed.first()).toContainText("沪A8K2M6");
  await expect(listed.first()).toContainText("Booked");
  await signOut(page);

  visitToday(bookingId, info.project.name === "js" ? 10 : 11);
  await signIn(page, "advisor.sh@meridian-motors.cn");
  await page.goto("/staff/schedule");
  const card = () => page.locator(".visit").filter({ hasText: concern });
  await card().getByPlaceholder("Current mileage (km)").fill("49000");
  await card().getByRole("button", { name: "Check in" }).click();
  await expect(card().getByRole("img", { name: "The owner's photo of the concern" })).toBeVisible();
  await card().getByRole("button", { name: "Start work" }).click();
  await card().getByLabel("Extra work").fill("Wiper blades");
  await card().getByLabel("Estimate (yuan)").fill("120");
  await card().getByRole("button", { name: "Send the estimate to the owner" }).click();
  await expect(card().getByText("Waiting for the owner to answer the estimate.")).toBeVisible();
  await expect(card().getByText("¥120.00")).toBeVisible();
  await signOut(page);

  await signIn(page, "13800000001");
  await page.goto(bookingUrl);
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Waiting for approval/);
  await expect(page.getByText("Wiper blades")).toBeVisible();
  // Approving asks first, naming the amount; going back leaves it unanswered.
  const estimate = page.locator(".estimate");
  await estimate.getByText("Approve", { exact: true }).click();
  await expect(estimate.getByText(/The dealer will start the extra work, which costs ¥120\.00\./)).toBeVisible();
  await estimate.getByRole("link", { name: "No, go back" }).first().click();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Waiting for approval/);
  await estimate.getByText("Approve", { exact: true }).click();
  await estimate.getByRole("button", { name: "Yes, approve" }).click();
  await expect(page.locator(".estimate").getByText("Approved")).toBeVisible();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/In work/);
  await signOut(page);

  await signIn(page, "advisor.sh@meridian-motors.cn");
  await page.goto("/staff/schedule");
  await expect(card().locator(".badge").getByText("Approved")).toBeVisible();
  await card().getByRole("button", { name: "Ready for pick-up" }).click();
  await card().getByLabel("Work done").fill(`Safety inspection ${info.project.name}`);
  await card().getByLabel("Amount (yuan)").fill("120");
  await expect(card().getByLabel("Current mileage (km)")).toHaveValue("49000"); // from the check-in
  await card().getByLabel("Current mileage (km)").fill("49010");
  await card().getByRole("button", { name: "Complete the visit" }).click();
  await expect(card().getByText("Completed").first()).toBeVisible();
  await signOut(page);

  await signIn(page, "13800000001");
  await page.goto("/me/garage");
  await page.getByRole("link", { name: /Meridian S5/ }).click();
  await expect(page.getByText(`Safety inspection ${info.project.name}`)).toBeVisible();

  // Three days later the follow-up survey is waiting on the owner's page.
  runDailyJobsIn(3.2);
  await page.goto("/me");
  await page.locator(".reminder").filter({ hasText: "How was your visit?" }).first().getByRole("link").click();
  await page.getByRole("radio", { name: "5" }).first().check();
  await page.getByRole("radio", { name: "9" }).check();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Thank you for your answer!")).toBeVisible();
});

// The demo has visits on the Shanghai dealer's next open day (tomorrow): 李伟's
// maintenance, booked by him in the portal.
test("the advisor's day goes to the next day, offers no check-in for tomorrow and links a visit to its car and owner", async ({
  page,
}) => {
  await signIn(page, "advisor.sh@meridian-motors.cn");
  await page.goto("/staff/schedule");
  const today = await page.getByLabel("Day", { exact: true }).inputValue();
  await page.getByRole("link", { name: "Next day" }).click();
  const tomorrow = await page.getByLabel("Day", { exact: true }).inputValue();
  expect(new Date(tomorrow).getTime() - new Date(today).getTime()).toBe(86_400_000);
  await expect(page).toHaveURL(new RegExp(`day=${tomorrow}`));

  const visit = page.locator(".visit").filter({ hasText: "保养时顺便检查空调异味" });
  await expect(visit.getByText("The car is checked in on the day of its visit.")).toBeVisible();
  await expect(visit.getByRole("button", { name: "Check in" })).toHaveCount(0);
  await expect(visit.getByRole("button", { name: "No-show" })).toHaveCount(0);
  await visit.getByRole("link", { name: "Car history" }).click();
  await expect(page).toHaveURL(/\/staff\/vehicles\?vin=/);
  await expect(page.getByText("李伟").first()).toBeVisible();
  await page.goBack();
  await visit.getByRole("link", { name: "Owner's profile" }).click();
  await expect(page).toHaveURL(/\/staff\/owners\/\d+$/);
  await expect(page.getByRole("heading", { name: "李伟" })).toBeVisible();

  // Back a day by the link, and any day by the date field.
  await page.goto(`/staff/schedule?day=${tomorrow}`);
  await page.getByRole("link", { name: "Previous day" }).click();
  await expect(page.getByLabel("Day", { exact: true })).toHaveValue(today);
  await page.getByLabel("Day", { exact: true }).fill(tomorrow);
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.locator(".visit").filter({ hasText: "保养时顺便检查空调异味" })).toBeVisible();
});

// 李伟 (13800000002) lives in Shanghai: his car was bought and serviced in
// Beijing, but his latest visit is booked at Pudong. The booking page proposes
// Pudong (not Beijing, first by name), in Chinese names the weekdays in Chinese,
// and his list says where, what and which car.
test("李伟's booking proposes his Shanghai dealer and the Chinese calendar names its weekdays in Chinese", async ({
  page,
  context,
  baseURL,
}) => {
  await signIn(page, "13800000002");
  await page.goto("/me/bookings");
  const card = page.locator(".booking-card").filter({ hasText: "Meridian Shanghai Pudong" }).first();
  await expect(card).toContainText("Scheduled maintenance");
  const vin = ((await card.locator(".mono").textContent()) ?? "").trim();
  expect(vin).toMatch(/^[A-Z0-9]{17}$/);

  await page.goto(`/service/book?vin=${vin}`);
  await expect(page.getByLabel("Dealer").locator("option:checked")).toHaveText("Shanghai · Meridian Shanghai Pudong");
  await expect(page.getByText("Proposed from your preferred dealer, the car's last visit or your city")).toBeVisible();
  await page.getByLabel("Service").selectOption({ label: "Safety inspection (30 min)" });
  await page.getByRole("button", { name: "Show free times" }).click();
  await expect(page.locator(".calendar a").first()).toBeVisible();
  await expect(page.locator(".calendar small").first()).toHaveText(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)$/);

  await context.addCookies([{ name: "lang", value: "zh-CN", url: baseURL as string }]);
  await page.reload();
  const weekdays = page.locator(".calendar small").filter({ hasText: /^周[一二三四五六日]$/ });
  await expect(weekdays.first()).toBeVisible();
  expect(await weekdays.count()).toBeGreaterThanOrEqual(7);
  await expect(page.locator(".calendar")).not.toContainText(/Mon|Tue|Wed|Thu|Fri|Sat|Sun/);
  await expect(page.locator(".calendar span").first()).toHaveText(/^\d{1,2}月\d{1,2}日$/);
  await page.goto("/me/bookings");
  const zhCard = page.locator(".booking-card").filter({ hasText: "子午汽车上海浦东服务中心" }).first();
  await expect(zhCard.getByRole("link")).toHaveText(/^\d{1,2}月\d{1,2}日 周[一二三四五六日] \d{2}:\d{2}$/);
  await expect(zhCard).toContainText("定期保养");
});

/** The space between two boxes that do not overlap (negative when they do). */
async function gap(a: Locator, b: Locator): Promise<number> {
  const [p, q] = [await a.boundingBox(), await b.boundingBox()];
  if (!p || !q) throw new Error("both are on the page");
  return Math.max(q.y - (p.y + p.height), p.y - (q.y + q.height), q.x - (p.x + p.width), p.x - (q.x + q.width));
}

// Emily Zhang books at the Shanghai dealer (each project its own day); the
// visit is brought to today, and the advisor's "No-show" asks first, naming her.
test("the advisor's no-show asks first, naming the owner, and only the confirmation closes the visit", async ({
  page,
}, info) => {
  const note = `Did not come (${info.project.name})`;
  await signIn(page, "13800000003");
  await page.goto("/service/book");
  // The garage spec may have given her more cars by now: then none is chosen for her.
  const car = page.getByLabel("Car");
  if ((await car.locator("option").count()) > 1) await car.selectOption({ index: 1 });
  await page.getByLabel("Dealer").selectOption({ label: "Shanghai · Meridian Shanghai Pudong" });
  await page.getByLabel("Service").selectOption({ label: "Safety inspection (30 min)" });
  await page.getByRole("button", { name: "Show free times" }).click();
  await page.locator(".calendar a").nth(info.project.name === "js" ? 4 : 5).click();
  // No time is chosen for her: she picks one.
  await page.getByRole("radio").first().check();
  await page.getByLabel("Note: anything the technician should know (optional)").fill(note);
  await page.getByRole("button", { name: "Book this time" }).click();
  await expect(page).toHaveURL(/\/me\/bookings\/\d+$/);
  visitToday(Number(page.url().split("/").pop()), info.project.name === "js" ? 14 : 15);
  await signOut(page);

  await signIn(page, "advisor.sh@meridian-motors.cn");
  await page.goto("/staff/schedule");
  const card = page.locator(".visit").filter({ hasText: note });
  const noShow = card.locator("summary", { hasText: "No-show" });
  // Two tap targets side by side: 44 px high at least, 8 px apart at least.
  const checkIn = card.getByRole("button", { name: "Check in" });
  expect((await checkIn.boundingBox())?.height).toBeGreaterThanOrEqual(44);
  expect((await noShow.boundingBox())?.height).toBeGreaterThanOrEqual(44);
  expect(await gap(checkIn, noShow)).toBeGreaterThanOrEqual(8);

  await noShow.click();
  await expect(card.getByText(/Emily Zhang's visit at .* will be recorded as a no-show/)).toBeVisible();
  await card.getByRole("link", { name: "No, go back" }).click();
  await expect(card.locator(".badge").getByText("Booked", { exact: true })).toBeVisible();

  await card.locator("summary", { hasText: "No-show" }).click();
  const confirm = card.getByRole("button", { name: "Yes, a no-show" });
  expect((await confirm.boundingBox())?.height).toBeGreaterThanOrEqual(44);
  await confirm.click();
  await expect(card.locator(".badge").getByText("No-show", { exact: true })).toBeVisible();
  await expect(card.locator("summary", { hasText: "No-show" })).toHaveCount(0);
});

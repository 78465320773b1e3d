import { expect, photo, signIn, signOut, test } from "./support";


// The demo owner 王芳 complains; the demo care agent 周敏 answers and resolves.
test("an owner files a complaint with a photo, an agent replies, the owner sees the reply and rates the resolution", async ({ page }, info) => {
  test.setTimeout(90_000);
  const title = `Car returned dirty (${info.project.name} ${Date.now()})`;
  await signIn(page, "13800000001");
  await page.goto("/me/cases/new");
  await page.getByLabel("Type").selectOption("complaint");
  await page.getByLabel("Category").selectOption("dealer_service");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What happened").fill("The car came back from service with mud on the seats.");
  await page.getByLabel(/^Photos/).setInputFiles({ name: "seat.png", mimeType: "image/png", buffer: photo });
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/me\/cases\/\d+$/);
  const caseUrl = page.url();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByRole("img", { name: "Photo sent by the owner" })).toBeVisible();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Submitted/);
  await signOut(page);

  await signIn(page, "care@meridian-motors.cn");
  await page.goto("/staff/cases");
  await page.getByRole("link", { name: title }).click();
  await page.getByRole("textbox", { name: "Message" }).fill("Internal: dealer admits the valet was skipped.");
  await page.getByLabel("Internal note (never shown to the owner)").check();
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("textbox", { name: "Message" }).fill("We are sorry. The dealer will clean the car for free this week.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("We are sorry. The dealer will clean the car for free this week.")).toBeVisible();
  await page.getByRole("button", { name: "Start work" }).click();
  await page.getByRole("button", { name: "Mark resolved" }).click();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Resolved/);
  await signOut(page);

  await signIn(page, "13800000001");
  await page.goto(caseUrl);
  await expect(page.getByText("We are sorry. The dealer will clean the car for free this week.")).toBeVisible();
  await expect(page.getByText("dealer admits the valet was skipped")).toHaveCount(0);
  await page.getByRole("radio", { name: "5" }).check();
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(page.getByText("Your rating:")).toBeVisible();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Closed/);
});

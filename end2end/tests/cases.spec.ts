import { Page } from "@playwright/test";
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
  await page.getByLabel("How it was resolved (sent to the owner)").fill("The dealer cleaned the seats on Friday.");
  await page.getByRole("button", { name: "Mark resolved" }).click();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Resolved/);
  await signOut(page);

  await signIn(page, "13800000001");
  await page.goto(caseUrl);
  await expect(page.getByText("We are sorry. The dealer will clean the car for free this week.")).toBeVisible();
  await expect(page.getByText("The dealer cleaned the seats on Friday.")).toBeVisible();
  await expect(page.getByText("dealer admits the valet was skipped")).toHaveCount(0);
  await page.getByRole("radio", { name: "5" }).check();
  await page.getByRole("button", { name: "Send rating" }).click();
  await expect(page.getByText("Your rating:")).toBeVisible();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Closed/);
});

/** A case filed by the demo owner 王芳, as the owner would, with a message after it: its id. */
async function fileCase(page: Page, title: string, message: string): Promise<string> {
  await signIn(page, "13800000001");
  await page.goto("/me/cases/new");
  await page.getByLabel("Type").selectOption("complaint");
  await page.getByLabel("Category").selectOption("dealer_service");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("What happened").fill("Since the last service.");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page).toHaveURL(/\/me\/cases\/\d+$/);
  const id = page.url().split("/").pop() ?? "";
  await page.getByRole("textbox", { name: "Message" }).fill(message);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.locator(".conversation")).toContainText(message);
  await signOut(page);
  return id;
}

test("the console signs the owner's words with their name, links to them, and resolves only with a note", async ({ page }, info) => {
  test.setTimeout(60_000);
  const id = await fileCase(page, `Wipers squeak (${info.project.name} ${Date.now()})`, "The wipers squeak on a dry screen.");

  await signIn(page, "care@meridian-motors.cn");
  await page.goto(`/staff/cases/${id}`);
  await expect(page.getByRole("heading", { name: /Wipers squeak/ })).toBeVisible();
  const owners = page.locator(".conversation .message").filter({ hasText: "The wipers squeak" });
  await expect(owners).toContainText("王芳 (Owner)");
  await expect(owners).not.toHaveClass(/message-mine/);
  await page.getByRole("textbox", { name: "Message" }).fill("Thank you, we will check the blades.");
  await page.getByRole("button", { name: "Send" }).click();
  // The owner's words are the owner's, by name; the agent's own sit on the agent's side.
  const agents = page.locator(".conversation .message").filter({ hasText: "we will check the blades" });
  await expect(agents).toHaveClass(/message-mine/);
  await expect(page.getByRole("link", { name: "Profile and change history" })).toHaveAttribute("href", /^\/staff\/owners\/\d+$/);
  await expect(page.getByRole("link", { name: "13800000001" })).toHaveAttribute("href", "tel:13800000001");
  await expect(page.getByText("You", { exact: true })).toHaveCount(0);
  await expect(page.locator(".history")).not.toContainText("portal");
  await expect(page.locator(".history")).toContainText("Portal");

  await page.getByRole("button", { name: "Start work" }).click();
  // Blank is no note: the server refuses and says so beside the note.
  await page.getByLabel("How it was resolved (sent to the owner)").fill("   ");
  await page.getByRole("button", { name: "Mark resolved" }).click();
  await expect(page.locator("#resolution-note-error")).toHaveText(/required/i);
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/In progress/);
  await page.getByLabel("How it was resolved (sent to the owner)").fill("New blades fitted free of charge.");
  await page.getByRole("button", { name: "Mark resolved" }).click();
  await expect(page.locator('.steps [aria-current="step"]')).toHaveText(/Resolved/);
  await expect(page.locator(".history")).toContainText("New blades fitted free of charge.");
});

test("the case queue keeps its columns readable at 1366 px beside a very long title", async ({ page }, info) => {
  test.setTimeout(60_000);
  const title = `The navigation screen freezes every morning after a cold start and the reversing camera stays black (${info.project.name} ${Date.now()})`;
  await fileCase(page, title, "Every morning the screen freezes.");
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, "care@meridian-motors.cn");
  await page.goto("/staff/cases");
  const row = page.getByRole("row").filter({ hasText: title });
  const cells = row.getByRole("cell");
  await expect(cells).toHaveCount(9);
  // Owner, opened, status: wide enough for a name, a time and a badge on one line.
  for (const [index, least] of [[5, 100], [3, 130], [2, 90]] as const) {
    const box = await cells.nth(index).boundingBox();
    expect(box?.width ?? 0, `column ${index + 1}`).toBeGreaterThanOrEqual(least);
  }
  const owner = cells.nth(5).locator(".clip");
  await expect(owner).toHaveText("王芳");
  const line = await owner.evaluate((name) => parseFloat(getComputedStyle(name).lineHeight) || 24);
  expect((await owner.boundingBox())?.height ?? 0, "the name on one line").toBeLessThan(line * 1.5);
  // The title is cut to its column, and whole on hover and in its title attribute.
  const link = row.getByRole("link", { name: title });
  await expect(link).toHaveAttribute("title", new RegExp(title.replace(/[()]/g, "\\$&")));
  const cut = await link.evaluate((a) => a.scrollWidth > a.clientWidth);
  expect(cut, "the long title is cut with an ellipsis").toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

import { expect, signIn, signOut, test } from "./support";

// Demo accounts: Emily Zhang (13800000003), 陈杰 and 李伟 (13800000002) own
// cars; 刘洋 (13800000010) moderates the general board. Each project has its
// own author: a new member may post once a minute, and both run on one server.
const AUTHORS: Record<string, [string, string]> = {
  js: ["13800000003", "Emily Zhang"],
  nojs: ["chen.jie@example.com", "陈杰"],
};
const REPORTER = "13800000002";
const MODERATOR = "13800000010";

// XSS payloads as a member would type them: none may run in the browser.
const PAYLOADS = [
  "<script>window.__xss = 1</script>",
  "<img src=x onerror=\"window.__xss = 2\">",
  "[click](javascript:window.__xss=3)",
  "<svg onload=\"window.__xss = 4\"></svg>",
  "</textarea><script>window.__xss = 5</script>",
  "<iframe src=\"javascript:window.__xss=6\"></iframe>",
  "<a href=\"&#106;avascript:window.__xss=7\">x</a>",
].join("\n\n");

test("an owner posts, another reports it, a moderator hides it with a reason, and the author sees the outcome", async ({ page }, info) => {
  test.setTimeout(120_000);
  let dialogs = 0;
  page.on("dialog", async (dialog) => {
    dialogs += 1;
    await dialog.dismiss();
  });
  const title = `Selling floor mats (${info.project.name} ${Date.now()})`;
  const [AUTHOR, authorName] = AUTHORS[info.project.name];

  // A new member's first post waits for a moderator; its author sees it, harmless.
  await signIn(page, AUTHOR);
  await page.goto("/club/general");
  await page.getByRole("link", { name: "New post" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Text (Markdown)").fill(`Original mats, barely used.\n\n${PAYLOADS}`);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/club\/post\/\d+$/);
  const postUrl = page.url();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByText("Your contribution waits for a moderator")).toBeVisible();
  await expect(page.locator("article .body")).toContainText("<script>window.__xss = 1</script>");
  if (info.project.name === "js") {
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  }
  await signOut(page);

  // The moderator approves it from the queue.
  await signIn(page, MODERATOR);
  await page.goto("/club/moderation");
  const held = page.locator("li.queue-item", { hasText: title });
  await held.locator("form.decision", { has: page.getByRole("button", { name: "Approve" }) }).getByRole("button").click();
  await expect(page.locator("li.queue-item", { hasText: title })).toHaveCount(0);
  await signOut(page);

  // Another owner reports it.
  await signIn(page, REPORTER);
  await page.goto(postUrl);
  await page.locator("article details.report > summary").click();
  await page.locator("article details.report").getByLabel("Reason").selectOption("spam");
  await page.locator("article details.report").getByRole("button", { name: "Report" }).click();
  await expect(page.getByText("Thank you: moderators will review it.")).toBeVisible();
  await page.goto("/club/reports");
  await expect(page.locator("li", { hasText: title })).toContainText("Being reviewed");
  await signOut(page);

  // The moderator sees the report beside the member's record and hides the post.
  await signIn(page, MODERATOR);
  await page.goto("/club/moderation");
  const reported = page.locator("li.queue-item", { hasText: title });
  await expect(reported).toContainText("1 reports");
  await expect(reported.locator(".member-record")).toContainText(authorName);
  const hide = reported.locator("form.decision", { has: page.getByRole("button", { name: "Hide" }) });
  await hide.getByLabel("Rule").selectOption("spam");
  await hide.getByLabel("Reason").fill("Selling belongs on the marketplace board");
  await hide.getByRole("button", { name: "Hide" }).click();
  await expect(page.locator("li.queue-item", { hasText: title })).toHaveCount(0);
  await signOut(page);

  // The author is told the rule and the reason, and may appeal.
  await signIn(page, AUTHOR);
  await page.goto("/me/notifications");
  await page.getByRole("link", { name: /Your contribution was hidden: No advertising or spam/ }).first().click();
  await expect(page).toHaveURL(/\/club\/decisions\/\d+$/);
  await expect(page.getByText("Selling belongs on the marketplace board")).toBeVisible();
  await page.getByLabel("Why the decision is wrong").fill("They are my own mats, not a shop.");
  await page.getByRole("button", { name: "Appeal" }).click();
  await expect(page.getByText("Appeal sent: another moderator will decide it.")).toBeVisible();
  await page.goto(postUrl);
  await expect(page.getByText("This is hidden until a moderator reviews it.")).toBeVisible();
  await signOut(page);

  // The reporter sees the outcome.
  await signIn(page, REPORTER);
  await page.goto("/club/reports");
  await expect(page.locator("li", { hasText: title })).toContainText("Upheld: the content was removed");
  expect(dialogs, "no payload opened a dialog").toBe(0);
});

test("the public reads public boards and searches in Chinese", async ({ page }) => {
  await page.goto("/club");
  await expect(page.getByRole("heading", { name: "Owners' club" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search posts and comments" }).fill("首次保养");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/club\/search\?q=/);
  await expect(page.locator("mark").first()).toHaveText("首次保养");
  await page.locator(".posts a").first().click();
  await expect(page).toHaveURL(/\/club\/post\/\d+$/);
  await expect(page.getByText("Verified owner").first()).toBeVisible();
});

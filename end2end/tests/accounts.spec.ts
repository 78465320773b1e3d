import { codeSentTo, expect, login, PASSWORD, register, test, uniqueMobile } from "./support";

// Runs with and without JavaScript: the forms are real forms.
test("an owner registers, signs out and signs in again", async ({ page }) => {
  const mobile = uniqueMobile();
  await register(page, mobile, "Li Na");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Li Na");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  await login(page, mobile, "wrong-password-1");
  await expect(page.getByRole("alert").filter({ hasText: "password is wrong" })).toBeVisible();

  await login(page, mobile, PASSWORD);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Li Na");
});

test("a malformed mobile number is refused with a message on the field", async ({ page }) => {
  await page.goto("/register");
  await page.getByLabel("Mobile number or e-mail").fill("12345");
  await page.getByLabel("Your name").fill("Wang");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter an 11-digit mainland mobile number")).toBeVisible();
  await expect(page.getByLabel("Mobile number or e-mail")).toHaveValue("12345");
  await expect(page.getByLabel("Your name")).toHaveValue("Wang");
});

test("an owner is refused the staff console", async ({ page }) => {
  await register(page, uniqueMobile(), "Zhao");
  const response = await page.goto("/staff");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
});

test("a link to a private page survives signing in", async ({ page }) => {
  const mobile = uniqueMobile();
  await register(page, mobile, "Sun");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  // As from a reminder in an SMS: the page asks for sign-in, then opens.
  await page.goto("/me/garage?from=sms");
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Mobile number or e-mail").fill(mobile);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/me\/garage\?from=sms$/);
});

// The profile form keeps every choice when another field fails (without
// JavaScript the post comes back to the page), and its history reads in words.
test("the profile keeps the chosen dealer when another field fails and reads its history in words", async ({ page }) => {
  await register(page, uniqueMobile(), "Zhou");
  await page.goto("/me/profile");
  await page.getByLabel("Preferred dealer").selectOption({ label: "Shanghai · Meridian Shanghai Pudong" });
  await page.getByLabel("Phone call").check();
  await page.getByLabel("Birthday (for greetings)").fill("2999-01-01");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The date cannot be in the future.")).toBeVisible();
  await expect(page.getByLabel("Preferred dealer").locator("option:checked")).toHaveText(
    "Shanghai · Meridian Shanghai Pudong",
  );
  await expect(page.getByLabel("Phone call")).toBeChecked();
  await expect(page.getByLabel("Birthday (for greetings)")).toHaveValue("2999-01-01");

  await page.getByLabel("Birthday (for greetings)").fill("1990-05-20");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
  const history = page.getByRole("region", { name: "Change history" });
  // On a phone a cell carries its column's heading before its value: match the end.
  const cell = (words: string) => history.getByRole("cell", { name: new RegExp(`(^| )${words}$`) });
  await expect(cell("Preferred dealer")).toBeVisible();
  await expect(cell("Meridian Shanghai Pudong")).toBeVisible();
  await expect(cell("Phone call")).toBeVisible();
  await expect(cell("SMS")).toBeVisible();
  for (const raw of ["preferred_dealer", "contact_channel", "sms", "phone", "1"]) {
    await expect(cell(raw)).toHaveCount(0);
  }
});

test("the code step brings up the digit keypad, keeps a wrong code's error out of the address, and sends a new code", async ({
  page,
}) => {
  const mobile = uniqueMobile();
  await page.goto("/register");
  await page.getByLabel("Mobile number or e-mail").fill(mobile);
  await page.getByLabel("Your name").fill("Qian");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/register\/code$/);

  const field = page.getByLabel("Verification code");
  await expect(field).toHaveAttribute("inputmode", "numeric");
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");
  await expect(field).toHaveAttribute("pattern", "[0-9]{6}");

  const first = codeSentTo(mobile);
  await field.fill(first === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
  await expect(page).toHaveURL(/\/register\/code$/);
  expect(page.url()).not.toContain("__err");

  // "No code?" sends a new one to the same number; the sign-up goes on.
  await page.getByRole("button", { name: "Send a new code" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sent again" })).toBeVisible();
  await expect(page).toHaveURL(/\/register\/code\?sent=again$/);
  await page.getByLabel("Verification code").fill(codeSentTo(mobile));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/me/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Qian");
});

test("registering links to the privacy notice, which says what is kept, why, how long and whom to ask", async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto("/register");
  await page.getByRole("link", { name: "privacy notice", exact: true }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole("heading", { level: 1, name: "Privacy notice" })).toBeVisible();
  for (const heading of ["What we collect", "Why", "How long we keep it", "Your rights", "Contact"]) {
    await expect(page.getByRole("heading", { level: 2, name: heading, exact: true })).toBeVisible();
  }
  await expect(page.getByText("privacy@meridian-motors.cn")).toBeVisible();
  await context.addCookies([{ name: "lang", value: "zh-CN", url: baseURL as string }]);
  await page.goto("/register");
  await page.getByRole("link", { name: "《隐私政策》", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "隐私政策" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "您的权利" })).toBeVisible();
});

import { expect, login, PASSWORD, register, test, uniqueMobile } from "./support";

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

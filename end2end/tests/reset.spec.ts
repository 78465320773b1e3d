import { codeSentTo, expect, login, PASSWORD, register, test, uniqueMobile } from "./support";

// Runs with and without JavaScript: both steps are real forms.
test("an owner who forgot the password resets it with a code and is signed in afresh", async ({ page }) => {
  const mobile = uniqueMobile();
  await register(page, mobile, "Zhou Xun");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();

  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/reset$/);
  await page.getByLabel("Mobile number or e-mail").fill(mobile);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page).toHaveURL(/\/reset\/code$/);
  await expect(page.getByText(mobile)).toBeVisible();

  await page.getByLabel("Verification code").fill(codeSentTo(mobile));
  await page.getByLabel("New password").fill("new-secret-2027");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/me\?changed=password$/);
  await expect(page.getByRole("status").filter({ hasText: "password has been changed" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await login(page, mobile, PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: "password is wrong" })).toBeVisible();
  await login(page, mobile, "new-secret-2027");
  await expect(page).toHaveURL(/\/me$/);
});

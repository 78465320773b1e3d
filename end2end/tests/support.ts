import { expect, Page } from "@playwright/test";

/** A mainland mobile number no other test uses. */
export function uniqueMobile(): string {
  return "139" + String(Date.now() % 1e8).padStart(8, "0");
}

export const PASSWORD = "e2e-secret-2026";

export async function register(page: Page, mobile: string, name: string) {
  await page.goto("/register");
  await page.getByLabel("Mobile number or e-mail").fill(mobile);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/me/);
}

export async function login(page: Page, identifier: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Mobile number or e-mail").fill(identifier);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Fails the test on any console error or uncaught exception in the page. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

/** Signs in one of the seeded demo accounts (password pitlane2026). */
export async function signIn(page: Page, identifier: string) {
  await login(page, identifier, "pitlane2026");
  await expect(page).not.toHaveURL(/\/login/);
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
}

// A 2×2 PNG, as a phone would send a (very small) photo.
export const photo = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==",
  "base64",
);

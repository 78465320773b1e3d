import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test as base } from "@playwright/test";
import { execFileSync } from "node:child_process";

/**
 * Playwright's `test`, failing any test whose pages report a Content Security
 * Policy violation (a script, style or frame the policy blocked). Every spec
 * imports `test` from here.
 */
export const test = base.extend<{ cspWatch: void }>({
  cspWatch: [
    async ({ page }, use) => {
      const violations = cspViolations(page);
      await use();
      expect(violations, "CSP violations in the console").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** The Content Security Policy violations `page` reports in its console, as they come. */
export function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  return violations;
}

/** A mainland mobile number no other test uses. */
export function uniqueMobile(): string {
  return "139" + String(Date.now() % 1e8).padStart(8, "0");
}

export const PASSWORD = "e2e-secret-2026";

/**
 * The newest message to `recipient` that matches `pattern`, as the person
 * would read it on their phone: from the outbox while it waits to be sent,
 * else from the development sender's log (the outbox keeps only a masked copy
 * of a sent code or link; the sender prints a message before it is marked sent).
 */
function sentTo(recipient: string, pattern: string): string {
  const script = [
    "import re, sqlite3, sys",
    "db_path, log_path, recipient, pattern = sys.argv[1:5]",
    "db = sqlite3.connect(db_path)",
    "for (body,) in db.execute('SELECT body FROM outbox WHERE recipient = ? ORDER BY id DESC', (recipient,)):",
    "    found = re.search(pattern, body)",
    "    if found:",
    "        print(found.group(0))",
    "        sys.exit(0)",
    "lines = open(log_path, encoding='utf8').read().splitlines()",
    "for line in reversed([re.sub(r'\\x1b\\[[0-9;]*m', '', l) for l in lines]):",
    "    sent = re.search(r'recipient=(\\S+) body=(.*)$', line)",
    "    if sent and sent.group(1) == recipient:",
    "        found = re.search(pattern, sent.group(2))",
    "        if found:",
    "            print(found.group(0))",
    "            sys.exit(0)",
  ].join("\n");
  return execFileSync("python3", ["-c", script, ".data/e2e.db", ".data/server.log", recipient, pattern], {
    encoding: "utf8",
  }).trim();
}

/**
 * The one-time code in the newest code message to `recipient`: six digits where
 * the message names them as its code (other texts carry six-digit runs too, a
 * VIN's serial, and a sent code's own row keeps only a masked copy).
 */
export function codeSentTo(recipient: string): string {
  const code = sentTo(recipient, String.raw`(?<!\d)\d{6}(?= is your code)|(?<=验证码是 )\d{6}(?!\d)`);
  expect(code, `a code sent to ${recipient}`).toMatch(/^\d{6}$/);
  return code;
}

/**
 * The private test-drive link in the newest SMS to `mobile`, as the prospect
 * would tap it: a whole address (a phone cannot open a bare path), here the
 * demo server's own, as it has no PITLANE_PUBLIC_ORIGIN.
 */
export function linkSentTo(mobile: string): string {
  const link = sentTo(mobile, String.raw`https?://[^\s/]+/test-drive/status/[A-Za-z0-9]{32}`);
  expect(link, `a whole status link sent to ${mobile}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/test-drive\/status\//);
  return link;
}

/** The status token of a prospect the demo data made (赵敏, 13900000101), read from the e2e server's database. */
export function seededStatusToken(): string {
  const script = [
    "import sqlite3, sys",
    "db = sqlite3.connect(sys.argv[1])",
    "print(db.execute(\"SELECT status_token FROM leads WHERE mobile = '13900000101'\").fetchone()[0])",
  ].join("\n");
  return execFileSync("python3", ["-c", script, ".data/e2e.db"], { encoding: "utf8" }).trim();
}

/**
 * Moves a club event's time so that it is under way now (as waiting for the
 * day would), writing to the e2e server's SQLite file.
 */
export function startEventNow(title: string) {
  const script = [
    "import sqlite3, sys, time",
    "db = sqlite3.connect(sys.argv[1])",
    "now = int(time.time() * 1000)",
    "db.execute('UPDATE club_events SET starts_at = ?, ends_at = ? WHERE post_id IN (SELECT id FROM club_posts WHERE title = ?)', (now - 600000, now + 10800000, sys.argv[2]))",
    "db.commit()",
  ].join("\n");
  execFileSync("python3", ["-c", script, ".data/e2e.db", title]);
}

/**
 * Moves a booked visit to today at `hour`:00 China time, as waiting for its day
 * would (a car is checked in on its visit's day only, and a booking is made an
 * hour ahead at least), writing to the e2e server's SQLite file.
 */
export function visitToday(booking: number, hour: number) {
  const script = [
    "import datetime, sqlite3, sys",
    "db = sqlite3.connect(sys.argv[1])",
    "china = datetime.timezone(datetime.timedelta(hours=8))",
    "today = datetime.datetime.now(china).date()",
    "start = int(datetime.datetime(today.year, today.month, today.day, int(sys.argv[3]), tzinfo=china).timestamp() * 1000)",
    "(begins, ends) = db.execute('SELECT starts_at, ends_at FROM bookings WHERE id = ?', (int(sys.argv[2]),)).fetchone()",
    "db.execute('UPDATE bookings SET starts_at = ?, ends_at = ? WHERE id = ?', (start, start + ends - begins, int(sys.argv[2])))",
    "db.commit()",
  ].join("\n");
  execFileSync("python3", ["-c", script, ".data/e2e.db", String(booking), String(hour)]);
}

/** Registers a new owner: the form, then the code sent to the number. */
export async function register(page: Page, mobile: string, name: string) {
  await page.goto("/register");
  await page.getByLabel("Mobile number or e-mail").fill(mobile);
  await page.getByLabel("Your name").fill(name);
  await finishRegistration(page, mobile);
}

/**
 * The rest of a registration form whose number and name are filled in: the
 * password, then the code sent to `mobile`; ends signed in.
 */
export async function finishRegistration(page: Page, mobile: string) {
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/register\/code$/);
  await page.getByLabel("Verification code").fill(codeSentTo(mobile));
  await page.getByRole("button", { name: "Confirm" }).click();
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
/**
 * What axe finds against WCAG 2.1 A and AA on the page as it stands, a line per rule
 * with the first places it fails. It runs as a script: call it with JavaScript on.
 */
export async function axeFindings(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}

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

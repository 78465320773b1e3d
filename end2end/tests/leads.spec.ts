import { codeSentTo, expect, linkSentTo, login, signIn, signOut, test, uniqueMobile } from "./support";

// A prospect on a phone. Runs with and without JavaScript: every step is a real form.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

/** A VIN the register has never seen: WMI "LMV", the check digit computed. */
function freshVin(): string {
  const serial = String(Date.now() % 1e6).padStart(6, "0");
  // Positions: WMI and descriptor (1–8), the check digit (9, computed below), year, plant, serial.
  const body = `LMVE2E0${"ABCDEFGHJK"[Number(serial[0])]}0R${"STVWX"[Number(serial[1]) % 5]}${serial}`;
  const value = (c: string) =>
    /\d/.test(c) ? Number(c) : "ABCDEFGH".includes(c) ? "ABCDEFGH".indexOf(c) + 1 : "JKLMN".includes(c) ? "JKLMN".indexOf(c) + 1 : c === "P" ? 7 : c === "R" ? 9 : "STUVWXYZ".indexOf(c) + 2;
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = [...body].reduce((s, c, i) => s + value(c) * weights[i], 0);
  const check = sum % 11 === 10 ? "X" : String(sum % 11);
  return body.slice(0, 8) + check + body.slice(9);
}

test("a prospect books a test drive on a phone, a handler sells the car, and the new owner finds it in the garage", async ({
  page,
}) => {
  const mobile = uniqueMobile();
  const name = `Prospect ${mobile.slice(-4)}`;
  const vin = freshVin();

  // The prospect: model and dealer first, then the time and who to call.
  await page.goto("/test-drive");
  await page.getByLabel("Your city").selectOption({ label: "Shanghai" });
  await page.getByLabel("Model", { exact: true }).selectOption({ label: "Meridian S5" });
  await page.getByLabel("Dealer (nearest first)").selectOption({ label: "Shanghai · Meridian Shanghai Pudong" });
  await page.getByRole("button", { name: "Show free times" }).click();
  await expect(page.getByRole("heading", { name: "2. Time and contact" })).toBeVisible();
  await expect(page.getByRole("radio").first()).toBeVisible();
  await page.getByRole("radio").first().check();
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Mobile number").fill(mobile);
  await page.getByLabel("How did you hear of us?").selectOption("friend");
  await page.getByLabel("Meridian and its dealer may call or text me").check();
  await page.getByRole("button", { name: "Request test drive" }).click();
  // Everyone sees the same page; the private link goes to the mobile only.
  await expect(page).toHaveURL(/\/test-drive\/received$/);
  await expect(page.getByRole("status").filter({ hasText: "texted your private link" })).toBeVisible();
  const statusLink = linkSentTo(mobile);
  await page.goto(statusLink);
  await expect(page.getByRole("heading", { name: "Your test drive" })).toBeVisible();
  await expect(page.getByText(name)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "New" }).first()).toHaveAttribute("aria-current", "step");

  // The Shanghai sales floor's handler: the lead is theirs (round-robin), contacted, then won.
  await signIn(page, "leads.sh@meridian-motors.cn");
  await page.goto("/staff/leads");
  await expect(page.getByRole("heading", { name: "Leads" })).toBeVisible();
  await page.getByRole("link", { name }).first().click();
  await expect(page.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await page.getByRole("button", { name: "Reached the prospect (mobile verified)" }).click();
  // The hour the prospect picked is confirmed on the call.
  await expect(page.getByText("Drive booked").first()).toBeVisible();
  await page.getByLabel("VIN").fill(vin);
  // A car the register does not know yet: the sales manager (this handler) confirms it.
  await page.getByLabel(/The register does not know this car yet/).check();
  await page.getByRole("button", { name: "Won" }).click();
  await expect(page.getByRole("definition").filter({ hasText: vin })).toBeVisible();
  // The lead's history marks the sale of a car the register did not know.
  await expect(page.getByText("Sold a car the register did not know (sales manager confirmed)")).toBeVisible();
  await signOut(page);

  // The prospect's link now says the car is theirs.
  await page.goto(statusLink);
  await expect(page.getByText("Congratulations on your new car")).toBeVisible();

  // The new owner sets a password with a code to the mobile, and finds the car.
  await page.goto("/reset");
  await page.getByLabel("Mobile number or e-mail").fill(mobile);
  await page.getByRole("button", { name: "Send code" }).click();
  await page.getByLabel("Verification code").fill(codeSentTo(mobile));
  await page.getByLabel("New password").fill("first-car-2026");
  await page.getByRole("button", { name: "Save new password" }).click();
  await expect(page).toHaveURL(/\/me\?changed=password$/);
  await signOut(page);
  await login(page, mobile, "first-car-2026");
  await expect(page).toHaveURL(/\/me$/);
  await page.goto("/me/garage");
  await expect(page.getByText(vin)).toBeVisible();
});

test("a prospect who changes their mind cancels from the private link and says why", async ({ page }) => {
  const mobile = uniqueMobile();
  await page.goto("/test-drive?model=3&dealer=1&city=上海");
  await page.getByLabel("Preferred part of day").selectOption("evening");
  await page.getByLabel("Your name").fill("Changed Mind");
  await page.getByLabel("Mobile number").fill(mobile);
  await page.getByLabel("Meridian and its dealer may call or text me").check();
  await page.getByRole("button", { name: "Request test drive" }).click();
  await expect(page).toHaveURL(/\/test-drive\/received$/);
  await page.goto(linkSentTo(mobile));
  await expect(page.getByText("Evening (calls after 18:00)")).toBeVisible();
  await page.getByRole("button", { name: "Cancel my request" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your request is cancelled" })).toBeVisible();
  await page.getByLabel("The main reason").selectOption("delivery_time");
  await page.getByLabel("What would have changed your mind?").fill("A car this month");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByText("Thank you: this helps us do better.")).toBeVisible();
});

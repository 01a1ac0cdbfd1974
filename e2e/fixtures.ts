// Shared Playwright fixtures: a signed-in administrator page, filling the booking form, and
// screenshots people can look at.
import { test as base, expect, type Page } from "@playwright/test";
import path from "node:path";

export const DEMO_ADMIN = { email: "admin@roomlink.test", password: "roomlink-demo" };
export const DEMO_VIEWER = { email: "viewer@roomlink.test", password: "roomlink-demo" };

export async function signIn(page: Page, who = DEMO_ADMIN) {
  await page.goto("/login");
  await page.getByLabel(/e-mail/i).fill(who.email);
  await page.getByLabel(/password|wachtwoord/i).fill(who.password);
  await page.getByRole("button", { name: /sign in|aanmelden/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** Fills the New booking form with a room, a local date and times, and a title. */
export async function fillBooking(page: Page, b: { room: string; date: string; start: string; end: string; title: string }) {
  // The calendar has a "Room" picker too: make sure the booking form is the page being filled.
  await expect(page).toHaveURL(/\/bookings\/new/);
  await expect(page.getByLabel(/^(Date|Datum)$/)).toBeVisible();
  await page.getByLabel(/^(Room|Ruimte)$/).selectOption({ label: b.room });
  await page.getByLabel(/^(Date|Datum)$/).fill(b.date);
  await page.getByLabel(/^(Start|Begin)$/).fill(b.start);
  await page.getByLabel(/^(End|Einde)$/).fill(b.end);
  await page.getByLabel(/^(Title|Titel)$/).fill(b.title);
}

export async function snap(page: Page, name: string) {
  await page.screenshot({ path: path.join("e2e", "screenshots", `${name}.png`), fullPage: true });
}

export const test = base.extend<{ adminPage: Page; viewerPage: Page }>({
  adminPage: async ({ page }, use) => {
    await signIn(page, DEMO_ADMIN);
    await use(page);
  },
  viewerPage: async ({ page }, use) => {
    await signIn(page, DEMO_VIEWER);
    await use(page);
  },
});

export { expect };

// Shared Playwright fixtures: a signed-in administrator page, the test data a spec needs (made
// through the app's own screens and the sandbox's control API, removed again after the test),
// filling the booking form, and screenshots people can look at.
//
// Every spec makes the rooms, room mailboxes and integrations it uses and names them with its own
// `uid`, so specs neither see nor depend on each other's data and each runs alone
// (`npx playwright test e2e/<spec>`) or in any order, also twice against one server (E2E_REUSE=1).
import { test as base, expect, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { activeApplicationIntegration, sandboxApi, type RoomMap } from "./integration-setup";

export const DEMO_ADMIN = { email: "admin@roomlink.test", password: "roomlink-demo" };
export const DEMO_VIEWER = { email: "viewer@roomlink.test", password: "roomlink-demo" };

/** Where playwright.config.ts sends the app server's log (pino at LOG_LEVEL, default warn). */
export const SERVER_LOG = process.env.E2E_SERVER_LOG ?? path.resolve(".data/e2e-server.log");

export async function signIn(page: Page, who = DEMO_ADMIN) {
  await page.goto("/login");
  await page.getByLabel(/e-mail/i).fill(who.email);
  await page.getByLabel(/password|wachtwoord/i).fill(who.password);
  await page.getByRole("button", { name: /sign in|aanmelden/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** Fills the New booking form with a room, a local date and times, and a title. */
export async function fillBooking(
  page: Page,
  b: { room: string; date: string; start: string; end: string; title: string },
) {
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

/**
 * A tab of the test's (signed-in) context for making or removing test data. Removing happens after
 * the test, whatever language it left the interface in: that tab switches back to English first.
 */
async function setupTab(context: BrowserContext, englishAt?: string): Promise<Page> {
  if (englishAt) await context.addCookies([{ name: "roomlink-locale", value: "en", url: englishAt }]);
  return context.newPage();
}

/** The rooms table row showing exactly `name`. */
const roomRow = (page: Page, name: string) =>
  page
    .getByTestId("rooms-table")
    .getByRole("row")
    .filter({ has: page.getByText(name, { exact: true }) });

/** Roomlink rooms of one test, made on the Rooms screen; deactivated afterwards (rooms are never deleted: bookings refer to them). */
export type RoomsFixture = {
  /** New active rooms named `${label} ${uid}` (default hours 07:00–22:00, no policy); returns their names. */
  create<const L extends readonly string[]>(...labels: L): Promise<{ -readonly [K in keyof L]: string }>;
  /** A room the test made itself through the form: deactivated with the others afterwards. */
  adopt(name: string): void;
};

/** Booking statuses a test made through the Statuses form: deleted afterwards (they are unused). */
export type StatusesFixture = { adopt(name: string): void };

/** Room mailboxes of one test in the sandbox tenant (the embedded sandbox ends with the server). */
export type SandboxRoom = { displayName: string; upn: string };
export type SandboxRoomsFixture = { create(label: string): Promise<SandboxRoom> };

/** Outlook integrations of one test; deleted afterwards through the list (subscriptions first, bookings stay). */
export type IntegrationsFixture = {
  /** An active application-mode integration named `${label} ${uid}` over `rooms` (see activeApplicationIntegration). */
  activeApplication(
    page: Page,
    opts: { label: string; rooms: RoomMap[]; inboundStatus: string; createOnStatus?: string; teamsLink?: boolean },
  ): Promise<string>;
  /** An integration the test added itself under `name`: deleted with the others afterwards. */
  adopt(name: string): void;
};

type Fixtures = {
  /** Console errors a spec expects (a refused request it provokes); anything else fails the test. */
  allowedConsoleErrors: RegExp[];
  /** Automatic: an uncaught page error or a console error on any page of the test fails it. */
  pageErrors: void;
  adminPage: Page;
  viewerPage: Page;
  /** Short and unique per test run and test: names of everything a test makes carry it. */
  uid: string;
  rooms: RoomsFixture;
  statuses: StatusesFixture;
  sandboxRooms: SandboxRoomsFixture;
  integrations: IntegrationsFixture;
  /** Automatic: a failed test gets the app server's log lines written while it ran. */
  serverLog: void;
};

export const test = base.extend<Fixtures>({
  // The browser in Amsterdam while the server runs in UTC (scripts/test.sh, CI): a time rendered from
  // the runtime's own zone instead of the admin's would differ between server and browser and show
  // up as a hydration error, which pageErrors turns into a failure.
  timezoneId: "Europe/Amsterdam",
  allowedConsoleErrors: [[], { option: true }],
  pageErrors: [
    async ({ context, allowedConsoleErrors, baseURL }, use, testInfo) => {
      const errors: string[] = [];
      // Roomlink's pages only: the sandbox's consent pages stand in for Microsoft's, which are not ours.
      const app = new URL(baseURL ?? "http://localhost").origin;
      const ours = (p: Page | null | undefined) => {
        try {
          return !p || new URL(p.url()).origin === app;
        } catch {
          return true;
        }
      };
      const where = (p: Page | null | undefined) => {
        try {
          return p ? new URL(p.url()).pathname : "?";
        } catch {
          return "?";
        }
      };
      context.on("weberror", (e) => {
        if (ours(e.page())) errors.push(`pageerror on ${where(e.page())}: ${e.error().message}`);
      });
      context.on("console", (m) => {
        if (m.type() !== "error" || !ours(m.page())) return;
        const at = m.location().url;
        const text = at ? `${m.text()} (${at})` : m.text();
        if (allowedConsoleErrors.some((r) => r.test(text))) return;
        errors.push(`console error on ${where(m.page())}: ${text}`);
      });
      await use();
      if (errors.length) {
        await testInfo.attach("page-errors.txt", { body: errors.join("\n"), contentType: "text/plain" });
        throw new Error(`Errors in the browser during the test:\n${errors.join("\n")}`);
      }
    },
    { auto: true },
  ],
  adminPage: async ({ page }, use) => {
    await signIn(page, DEMO_ADMIN);
    await use(page);
  },
  viewerPage: async ({ page }, use) => {
    await signIn(page, DEMO_VIEWER);
    await use(page);
  },
  // eslint-disable-next-line no-empty-pattern
  uid: async ({}, use) => {
    await use(randomBytes(4).toString("hex"));
  },

  rooms: async ({ adminPage, uid, baseURL }, use) => {
    const made: string[] = [];
    await use({
      async create(...labels) {
        // In the test's tab language, which is English until the test switches it (make rooms first).
        const page = await setupTab(adminPage.context());
        await page.goto("/rooms");
        const names: string[] = [];
        for (const label of labels) {
          const name = `${label} ${uid}`;
          await page.getByRole("button", { name: "Add room" }).click();
          await page.getByTestId("rooms-form").getByLabel("Name").fill(name);
          await page.getByTestId("rooms-form").getByRole("button", { name: "Save" }).click();
          await expect(roomRow(page, name)).toHaveCount(1);
          made.push(name);
          names.push(name);
        }
        await page.close();
        return names as never;
      },
      adopt(name) {
        made.push(name);
      },
    });
    if (!made.length) return;
    const page = await setupTab(adminPage.context(), baseURL ?? adminPage.url());
    await page.goto("/rooms");
    for (const name of made) {
      if (!(await roomRow(page, name).count())) continue; // the test failed before saving it
      await page.getByRole("button", { name: `Edit ${name}`, exact: true }).click();
      await page.getByTestId("rooms-form").getByLabel("Active (can be booked)").uncheck();
      await page.getByTestId("rooms-form").getByRole("button", { name: "Save" }).click();
      await expect(roomRow(page, name)).toContainText("Inactive");
    }
    await page.close();
  },

  statuses: async ({ adminPage, baseURL }, use) => {
    const made: string[] = [];
    await use({ adopt: (name) => void made.push(name) });
    if (!made.length) return;
    const page = await setupTab(adminPage.context(), baseURL ?? adminPage.url());
    await page.goto("/statuses");
    for (const name of made) {
      const row = page
        .getByTestId("statuses-table")
        .getByRole("row")
        .filter({ has: page.getByText(name, { exact: true }) });
      if (!(await row.count())) continue; // the test failed before saving it
      await page.getByRole("button", { name: `Delete ${name}`, exact: true }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Yes, delete" }).click();
      await expect(row).toHaveCount(0);
    }
    await page.close();
  },

  sandboxRooms: async ({ uid }, use) => {
    await use({
      async create(label) {
        const alias = `${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${uid}`;
        const displayName = `${label} ${uid}`;
        const room = await sandboxApi<{ userPrincipalName?: string; error?: { message: string } }>("rooms", {
          method: "POST",
          body: { alias, displayName },
        });
        if (!room.userPrincipalName)
          throw new Error(`sandbox room ${alias}: ${room.error?.message ?? "no userPrincipalName"}`);
        return { displayName, upn: room.userPrincipalName };
      },
    });
  },

  integrations: async ({ adminPage, uid, baseURL }, use) => {
    const made: string[] = [];
    await use({
      async activeApplication(page, opts) {
        const name = `${opts.label} ${uid}`;
        made.push(name);
        return activeApplicationIntegration(page, { ...opts, name });
      },
      adopt(name) {
        made.push(name);
      },
    });
    if (!made.length) return;
    const page = await setupTab(adminPage.context(), baseURL ?? adminPage.url());
    await page.goto("/integrations");
    for (const name of made) {
      const row = page.locator("tbody tr").filter({ has: page.getByRole("link", { name, exact: true }) });
      if (!(await row.count())) continue; // the test failed before saving it
      await row.getByRole("button", { name: "Delete" }).click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
      await expect(row).toHaveCount(0, { timeout: 20_000 });
    }
    await page.close();
  },

  serverLog: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, testInfo: TestInfo) => {
      const from = fs.existsSync(SERVER_LOG) ? fs.statSync(SERVER_LOG).size : 0;
      await use();
      if (testInfo.status === testInfo.expectedStatus || !fs.existsSync(SERVER_LOG)) return;
      const fd = fs.openSync(SERVER_LOG, "r");
      try {
        const size = fs.fstatSync(fd).size;
        const buf = Buffer.alloc(Math.max(0, size - from));
        fs.readSync(fd, buf, 0, buf.length, from);
        if (buf.length) await testInfo.attach("server.log", { body: buf, contentType: "text/plain" });
      } finally {
        fs.closeSync(fd);
      }
    },
    { auto: true },
  ],
});

export { expect };

// No English on Dutch pages: every page an administrator visits, with an active integration that has
// synced (so diagnostics and the booking page show sync-log lines), read in Dutch and checked against
// the English sentences of the message catalogue (every English value that differs from its Dutch
// one, the runs of 3+ words between its placeholders). Screenshots of each page in both languages
// go to test-results/i18n/.
import type { Page } from "@playwright/test";
import path from "node:path";
import admin from "../lib/i18n/messages/admin";
import bookings from "../lib/i18n/messages/bookings";
import common from "../lib/i18n/messages/common";
import integrations from "../lib/i18n/messages/integrations";
import jobs from "../lib/i18n/messages/jobs";
import syncLog from "../lib/i18n/messages/sync-log";
import { test, expect } from "./fixtures";

// The areas an administrator's pages use (the sandbox tenant page is a developer's tool, in both).
const AREAS = [common, bookings, admin, integrations, jobs, syncLog] as {
  en: Record<string, string>;
  nl: Record<string, string>;
}[];

/** English sentences (3+ words) of the catalogue that no Dutch message contains. */
function englishSentences(): string[] {
  const dutch = AREAS.flatMap((a) => Object.values(a.nl)).join("\n");
  const out = new Set<string>();
  for (const a of AREAS) {
    for (const [key, en] of Object.entries(a.en)) {
      if (en === a.nl[key]) continue;
      // ICU: a plural / select's text is in its cases; keep the text before it and the simple runs.
      const text = en.replace(/'\{\{[^']*'/g, " ").replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, "\n");
      for (const run of text.split("\n")) {
        const s = run.trim().replace(/[.,:;…]+$/, "");
        if (s.split(/\s+/).length >= 3 && s.length >= 12 && !dutch.includes(s)) out.add(s);
      }
    }
  }
  return [...out];
}

const ENGLISH = englishSentences();

// Fifteen pages twice, after an integration's setup and first sync: longer than one page's test.
test.describe.configure({ timeout: 300_000 });

async function shot(page: Page, name: string, locale: "en" | "nl") {
  await page.screenshot({
    path: path.join("test-results", "i18n", `${name}-${locale}.png`),
    fullPage: true,
    caret: "initial",
  });
}

test("Dutch pages show no English: every admin page, with an active integration that synced", async ({
  adminPage: page,
  rooms,
  sandboxRooms,
  integrations: integrationsFixture,
  baseURL,
}) => {
  expect(ENGLISH.length).toBeGreaterThan(200);
  expect(ENGLISH).toContain("Every booking, filterable by room, status, customer, text and dates");
  expect(ENGLISH).toContain("Our own change (echo)");

  const mailbox = await sandboxRooms.create("Taalzaal");
  const [room] = await rooms.create("Taalzaal");
  const id = await integrationsFixture.activeApplication(page, {
    label: "I18n",
    rooms: [{ mailbox: mailbox.upn, room }],
    inboundStatus: "Confirmed",
  });
  // Let the first full sync and its reconcile line land, so diagnostics lists sync actions.
  await page.goto(`/integrations/${id}/diagnostics`);
  await page.getByRole("button", { name: "Reconcile now" }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/^Last round /)).toBeVisible();
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000] });

  await page.goto("/bookings");
  const firstBooking = page.getByTestId("booking-table").locator("a[href^='/bookings/']").first();
  const bookingHref = await firstBooking.getAttribute("href");
  expect(bookingHref).toMatch(/^\/bookings\/[0-9a-f-]{36}$/);

  const pages: [string, string][] = [
    ["dashboard", "/"],
    ["calendar-day", "/calendar?view=day"],
    ["integrations", "/integrations"],
    ["integration-auth", `/integrations/${id}/auth`],
    ["integration-config", `/integrations/${id}/config`],
    ["integration-inbound", `/integrations/${id}/inbound`],
    ["integration-diagnostics", `/integrations/${id}/diagnostics`],
    ["bookings", "/bookings"],
    ["booking", bookingHref!],
    ["booking-new", "/bookings/new"],
    ["rooms", "/rooms"],
    ["customers", "/customers"],
    ["policies", "/policies"],
    ["statuses", "/statuses"],
    ["templates", "/templates"],
  ];

  const found: string[] = [];
  const seenInEnglish = new Set<string>();
  for (const locale of ["en", "nl"] as const) {
    await page.context().addCookies([{ name: "roomlink-locale", value: locale, url: baseURL ?? page.url() }]);
    for (const [name, url] of pages) {
      // A first visit compiles the page under `next dev`; an aborted navigation is tried again.
      await expect(async () => {
        await page.goto(url);
        await expect(page.locator("main")).toBeVisible();
      }).toPass({ timeout: 90_000, intervals: [1_000, 3_000] });
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await page.waitForLoadState("networkidle");
      // Open the collapsed parts (the Outlook card's recent actions) so their text is read too.
      for (const d of await page.locator("details:not([open]) > summary").all()) await d.click();
      await shot(page, name, locale);
      const text = await page.locator("body").innerText();
      for (const s of ENGLISH) {
        if (!text.includes(s)) continue;
        if (locale === "en") seenInEnglish.add(s);
        else found.push(`${name} (${url}): “${s}”`);
      }
    }
  }
  // The list finds English where it is (so finding none in Dutch means something) …
  expect(seenInEnglish.size).toBeGreaterThan(40);
  expect(found, "English sentences on Dutch pages").toEqual([]);
  // … and the sync lines stored in English before codes read in Dutch on diagnostics.
  await page.goto(`/integrations/${id}/diagnostics`);
  await expect(page.getByText(/^Laatste ronde .*: 1 agenda, \d+ wijziging/)).toBeVisible();
});

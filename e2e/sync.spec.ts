// As a person, both ways through an active application-mode integration: a meeting booked with a
// room in the sandbox's Outlook becomes a Roomlink booking; a Roomlink booking lands in the room's
// Outlook calendar with its Teams link. Sync runs webhook → queue, so every check polls.
import type { Page } from "@playwright/test";
import { DateTime } from "luxon";
import { SANDBOX } from "./integration-setup";
import { test, expect, fillBooking, snap } from "./fixtures";

// Each test maps a room mailbox and a Roomlink room of its own (fixtures: made before, removed
// after), so no other spec's meetings or bookings are in its way and any week will do: two weeks
// ahead (past the seeded demo week, inside the 90-day booking window).
const ZONE = "Europe/Amsterdam"; // the demo office, in Roomlink and in the sandbox tenant

function dayAhead(weekday: number): string {
  return DateTime.now()
    .setZone(ZONE)
    .startOf("week")
    .plus({ weeks: 2, days: weekday - 1 })
    .toISODate()!;
}

/** The sandbox's Outlook in its own tab, signed in as `who`, showing the calendar of `calendarOf`. */
async function openOutlook(page: Page, who: string, calendarOf?: string): Promise<Page> {
  const outlook = await page.context().newPage();
  await outlook.goto(`${SANDBOX}/ui/`);
  await outlook.getByRole("link", { name: who }).click();
  await expect(outlook.getByText(`Signed in as ${who}`)).toBeVisible();
  if (calendarOf) {
    await outlook.getByLabel("Calendar of").selectOption({ label: `${calendarOf} (room)` });
    await expect(outlook).toHaveTitle(new RegExp(`^Calendar of ${calendarOf} `));
  }
  return outlook;
}

/** Sync is asynchronous (webhook → queue, normally a second or two): reload until `check` holds. */
async function reloadUntil(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
}

/** Roomlink's booking list, searched for one title: the row of that booking (if it is there yet). */
async function searchBookings(page: Page, title: string) {
  await page.goto("/bookings");
  await page.getByLabel("Search").fill(title);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]q=/);
  return page.getByTestId("booking-table").getByRole("row").filter({ hasText: title });
}

/** Outlook's week view: "Next week" until the week holding `date` is shown. */
async function showWeekOf(outlook: Page, date: string) {
  const dayHeader = outlook.getByText(DateTime.fromISO(date).toFormat("ccc d LLL"), { exact: true });
  for (let i = 0; i < 12 && !(await dayHeader.isVisible()); i++) {
    const before = outlook.url();
    await outlook.getByRole("link", { name: "Next week" }).click();
    await outlook.waitForURL((u) => u.href !== before);
  }
  await expect(dayHeader).toBeVisible();
}

test("a meeting booked with a room in Outlook shows up as a booking in Roomlink", async ({
  adminPage: page,
  uid,
  rooms,
  sandboxRooms,
  integrations,
}) => {
  test.setTimeout(120_000);
  const title = `Outlook meeting ${uid}`;
  const date = dayAhead(3);
  const studio = await sandboxRooms.create("Studio");
  const [room] = await rooms.create("Studio");
  await integrations.activeApplication(page, {
    label: "Sync e2e inbound",
    rooms: [{ mailbox: studio.upn, room }],
    inboundStatus: "Confirmed",
  });

  // In Outlook: the room keeps meeting subjects (Roomlink's diagnostics advise it), then Megan books it.
  const outlook = await openOutlook(page, "Megan Bowen", studio.displayName);
  await outlook.getByLabel("AddOrganizerToSubject").uncheck();
  await outlook.getByLabel("DeleteSubject").uncheck();
  await Promise.all([outlook.waitForEvent("load"), outlook.getByRole("button", { name: "Save" }).click()]);
  await expect(outlook.getByLabel("AddOrganizerToSubject")).not.toBeChecked();
  await expect(outlook.getByLabel("DeleteSubject")).not.toBeChecked();
  await outlook.getByRole("link", { name: "New meeting" }).click();
  await outlook.getByLabel("Title").fill(title);
  await outlook.getByLabel("Date").fill(date);
  await outlook.getByLabel("Start").fill("10:00");
  await outlook.getByLabel("End").fill("11:00");
  await outlook.getByRole("group", { name: "Rooms" }).getByLabel(studio.displayName).check();
  // Not Adele: she is the service account of delegated integrations (integrations.spec makes one),
  // and a meeting that invites her books such an integration's rooms too, as it should.
  await outlook.getByRole("group", { name: "Attendees" }).getByLabel("Nestor Wilke").check();
  await snap(outlook, "sync-outlook-new-meeting");
  await outlook.getByRole("button", { name: "Send" }).click();
  await expect(outlook.getByRole("link", { name: new RegExp(title) })).toContainText("10:00");

  // In Roomlink: the booking list finds it once the webhook has been processed.
  const row = await searchBookings(page, title);
  await reloadUntil(page, () => expect(row).toBeVisible({ timeout: 1_000 }));
  await expect(row).toContainText(room);
  await expect(row).toContainText("10:00–11:00");
  await expect(row).toContainText("Outlook");
  await expect(row).toContainText("Confirmed");
  await snap(page, "sync-inbound-bookings-list");

  await row.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  // The booking page says the date as the list does ("Wed, 23 Dec 2026"), in the room's zone.
  const longDate = DateTime.fromISO(date).setLocale("en-GB").toFormat("ccc, d LLL yyyy");
  await expect(page.getByText(`${room} · ${longDate} 10:00–11:00`)).toBeVisible();
  await expect(page.getByText("Source", { exact: true }).locator("..")).toContainText("Outlook");
  await expect(page.getByTestId("outlook-status")).toContainText(`Booked in Outlook, in the calendar of ${studio.upn}`);
  await page.getByRole("link", { name: "Back to calendar" }).click();
  await expect(page.getByRole("link", { name: new RegExp(title) })).toContainText("10:00–11:00");
  await snap(page, "sync-inbound-calendar");

  // Back at Exchange's defaults, the room's copy carries the organizer's name instead of the subject:
  // the booking page says so in words, with the command that stops it (never the code subject_replaced).
  await outlook.getByRole("link", { name: "Calendar" }).click();
  await outlook.getByLabel("Calendar of").selectOption({ label: `${studio.displayName} (room)` });
  await outlook.getByLabel("AddOrganizerToSubject").check();
  await outlook.getByLabel("DeleteSubject").check();
  await Promise.all([outlook.waitForEvent("load"), outlook.getByRole("button", { name: "Save" }).click()]);
  await expect(outlook.getByLabel("DeleteSubject")).toBeChecked();
  const organizer = `Organizer ${uid}`;
  await fetch(`${SANDBOX}/_sandbox/api/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ alias: `organizer-${uid}`, displayName: organizer }),
  });
  const asOrganizer = await openOutlook(page, organizer);
  await asOrganizer.getByRole("link", { name: "New meeting" }).click();
  await asOrganizer.getByLabel("Title").fill(`Real subject ${uid}`);
  await asOrganizer.getByLabel("Date").fill(date);
  await asOrganizer.getByLabel("Start").fill("14:00");
  await asOrganizer.getByLabel("End").fill("15:00");
  await asOrganizer.getByRole("group", { name: "Rooms" }).getByLabel(studio.displayName).check();
  await asOrganizer.getByRole("button", { name: "Send" }).click();
  const replaced = await searchBookings(page, organizer);
  await reloadUntil(page, () => expect(replaced).toBeVisible({ timeout: 1_000 }));
  await replaced.getByRole("link", { name: organizer }).click();
  const flags = page.getByTestId("booking-flags");
  await expect(flags).toContainText("The room replaced the meeting's subject");
  await expect(flags).toContainText(
    `The room's Exchange mailbox replaced this meeting's subject with the organizer's name, so “${organizer}” is the organizer's name`,
  );
  await expect(flags).toContainText(
    `Set-CalendarProcessing -Identity "${studio.upn}" -AddOrganizerToSubject $false -DeleteSubject $false -DeleteComments $false -RemovePrivateProperty $false`,
  );
  await expect(page.getByText("subject_replaced")).toHaveCount(0);
  await snap(page, "sync-booking-subject-replaced");
  await page.context().addCookies([{ name: "roomlink-locale", value: "nl", url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(flags).toContainText("De zaal heeft het onderwerp vervangen");
  await expect(flags).toContainText(`dus “${organizer}” is de naam van de organisator`);
  await expect(flags).toContainText(`Set-CalendarProcessing -Identity "${studio.upn}"`);
  await snap(page, "sync-booking-subject-replaced-nl");
  await page.context().clearCookies({ name: "roomlink-locale" });
  await asOrganizer.close();
  await outlook.close();
});

test("a weekly booking made in Roomlink shows up in the room's Outlook calendar as one recurring meeting with its Teams link", async ({
  adminPage: page,
  uid,
  rooms,
  sandboxRooms,
  integrations,
}) => {
  const title = `Roomlink booking ${uid}`;
  const date = dayAhead(4);
  const focus = await sandboxRooms.create("Focus 2");
  const [room] = await rooms.create("Focus 2");
  await integrations.activeApplication(page, {
    label: "Sync e2e outbound",
    rooms: [{ mailbox: focus.upn, room }],
    inboundStatus: "Confirmed",
    createOnStatus: "Confirmed",
    teamsLink: true,
  });

  await page.goto("/bookings/new");
  await fillBooking(page, { room, date, start: "14:00", end: "15:00", title });
  await page.getByLabel("Status").selectOption({ label: "Confirmed" });
  await page.getByLabel("Repeat this booking").check();
  await page.getByLabel("Occurrences").fill("3");
  await page.getByRole("button", { name: "Create booking" }).click();
  await expect(page).toHaveURL(/\/calendar\?/);
  await expect(page.getByRole("link", { name: new RegExp(title) })).toBeVisible();

  // In Outlook: anyone may open the room's calendar; the meeting appears there once the outbound job ran.
  const outlook = await openOutlook(page, "Adele Vance", focus.displayName);
  await showWeekOf(outlook, date);
  const meeting = outlook.getByRole("link", { name: new RegExp(title) });
  await reloadUntil(outlook, () => expect(meeting).toBeVisible({ timeout: 1_000 }));
  await expect(meeting).toContainText("14:00");
  await expect(meeting).toContainText("↻"); // an occurrence of a series, not a lone event
  await expect(meeting).toContainText("Teams");
  await snap(outlook, "sync-outbound-room-calendar");
  await meeting.click();
  await expect(outlook.getByRole("heading", { name: title })).toBeVisible();
  await expect(outlook.getByText(/14:00 – 15:00/)).toBeVisible();
  await expect(outlook.getByText(/repeats weekly/)).toBeVisible();
  const join = outlook.getByRole("link", { name: "Join Teams meeting" });
  await expect(join).toHaveAttribute("href", /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
  const joinUrl = (await join.getAttribute("href"))!;
  await snap(outlook, "sync-outbound-event");
  // The next week holds the next occurrence of the same meeting.
  await outlook.goBack();
  await showWeekOf(outlook, DateTime.fromISO(date).plus({ weeks: 1 }).toISODate()!);
  await expect(outlook.getByRole("link", { name: new RegExp(title) })).toContainText("↻");

  // Back in Roomlink, every occurrence carries the same Teams link.
  const rows = await searchBookings(page, title);
  await expect(rows).toHaveCount(3);
  await rows.first().getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("series-pattern")).toHaveText(/^Every week on [A-Z][a-z]+day, 3 times$/);
  const teams = page.getByText("Teams link", { exact: true }).locator("..").getByRole("link", { name: "Teams" });
  await reloadUntil(page, () => expect(teams).toHaveAttribute("href", joinUrl, { timeout: 1_000 }));
  // The Outlook card says where it is: one occurrence of the recurring meeting in the room's calendar.
  await expect(page.getByTestId("outlook-status")).toContainText(
    `In the calendar of ${focus.upn} as an occurrence of one recurring meeting`,
  );
  await page.getByText("Latest sync actions").click();
  await expect(page.getByTestId("outlook-status")).toContainText("Written as one Outlook series of 3 occurrences.");
  await snap(page, "sync-outbound-booking");
  // In Dutch too; then back to English for the other specs.
  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "nl" }).click();
  await expect(page.getByTestId("outlook-status")).toContainText(
    `In de agenda van ${focus.upn} als keer van één terugkerende vergadering`,
  );
  await expect(page.getByTestId("series-pattern")).toHaveText(/^Elke week op [a-z]+dag, 3 keer$/);
  await snap(page, "sync-outbound-booking-nl");
  await page.getByRole("group", { name: "Taal" }).getByRole("button", { name: "en" }).click();
  await expect(page.getByTestId("outlook-status")).toContainText("In the calendar of");
  await outlook.close();
});

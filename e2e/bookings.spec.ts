import { test, expect, fillBooking, snap } from "./fixtures";

/** A Tuesday three to four weeks ahead: inside every demo room's advance window, past every lead time, clear of the seeded week. */
function tuesdayAhead(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 21);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

test("an administrator books a room, sees a clash refused with its reason, then cancels the booking", async ({
  adminPage: page,
  rooms,
  uid,
}) => {
  const date = tuesdayAhead();
  // A room of this test's own, so nothing else booked there and the clash is the one made here.
  const [room] = await rooms.create("Projectruimte");
  const kickOff = `Kick-off Noordzee ${uid}`;
  await page.getByRole("link", { name: "New booking" }).click();
  await fillBooking(page, { room, date, start: "10:00", end: "11:00", title: kickOff });
  await page.getByRole("button", { name: "Create booking" }).click();

  // Back on the room's week, the new booking sits in the grid.
  await expect(page).toHaveURL(/\/calendar\?/);
  const block = page.getByRole("link", { name: new RegExp(kickOff) });
  await expect(block).toBeVisible();
  await expect(block).toContainText("10:00–11:00");
  await snap(page, "booking-created-calendar");

  // The same room half an hour later: refused, the reason names the booking in the way, nothing typed is lost.
  await page.getByRole("link", { name: "New booking" }).click();
  await fillBooking(page, { room, date, start: "10:30", end: "11:30", title: "Second meeting" });
  await page.getByRole("button", { name: "Create booking" }).click();
  await expect(page.getByRole("alert").first()).toContainText(
    new RegExp(`${room} is booked 10:00–11:00 on .+ for “${kickOff}” \\(Confirmed\\)`),
  );
  await expect(page.getByLabel("Title")).toHaveValue("Second meeting");
  await expect(page).toHaveURL(/\/bookings\/new/);
  await snap(page, "booking-conflict");

  // A policy: Focus 1 may be booked for at most 4 hours.
  await fillBooking(page, { room: "Focus 1", date, start: "09:00", end: "14:00", title: "All-day focus" });
  await page.getByRole("button", { name: "Create booking" }).click();
  await expect(page.getByRole("alert").first()).toContainText("The maximum duration for Focus 1 is 4 h");

  // Cancel the first booking from its page: the room is free again.
  await page.goto("/bookings");
  await page.getByRole("link", { name: kickOff }).click();
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await page.getByRole("button", { name: "Yes, cancel" }).click();
  await expect(page.getByText("This booking is cancelled.")).toBeVisible();
  await page.goto("/bookings/new");
  await fillBooking(page, { room, date, start: "10:30", end: "11:30", title: "Second meeting" });
  await page.getByRole("button", { name: "Create booking" }).click();
  await expect(page).toHaveURL(/\/calendar\?/);
  await expect(page.getByRole("link", { name: /Second meeting/ })).toBeVisible();
});

test("in Dutch, the clash is explained in Dutch", async ({ adminPage: page, rooms, uid }) => {
  const date = tuesdayAhead();
  const [room] = await rooms.create("Boardroom");
  const first = `Directieoverleg ${uid}`;
  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "nl" }).click();
  await expect(page.getByRole("link", { name: "Reserveringen" })).toBeVisible();
  await page.goto("/bookings/new");
  await fillBooking(page, { room, date, start: "14:00", end: "15:00", title: first });
  await page.getByRole("button", { name: "Reservering aanmaken" }).click();
  await expect(page).toHaveURL(/\/calendar\?/);
  await page.goto("/bookings/new");
  await fillBooking(page, { room, date, start: "14:30", end: "15:30", title: "Tweede overleg" });
  await page.getByRole("button", { name: "Reservering aanmaken" }).click();
  await expect(page.getByRole("alert").first()).toContainText(
    new RegExp(`${room} is bezet van 14:00–15:00 op .+ voor “${first}” \\(Bevestigd\\)`),
  );
  await snap(page, "booking-conflict-nl");
  await page.getByRole("group", { name: "Taal" }).getByRole("button", { name: "en" }).click();
  await expect(page.getByRole("link", { name: "Bookings" })).toBeVisible();
});

test("the demo opens on a calendar with bookings in it", async ({ adminPage: page }) => {
  await expect(page).toHaveURL(/\/calendar/);
  // Seeded bookings are in the grid (links to their pages), not an empty week.
  const bookingLinks = page.locator('main a[href^="/bookings/"]:not([href^="/bookings/new"])');
  await expect(bookingLinks.first()).toBeVisible();
  expect(await bookingLinks.count()).toBeGreaterThan(1);
  await snap(page, "calendar-week");
  await page.getByRole("link", { name: "Day", exact: true }).click();
  await expect(page).toHaveURL(/view=day/);
  for (const room of ["Zaal Amstel", "Boardroom", "Auditorium"])
    await expect(page.getByText(room).first()).toBeVisible();
  await snap(page, "calendar-day");
});

test("a viewer can look but not book", async ({ viewerPage: page }) => {
  await expect(page).toHaveURL(/\/calendar/);
  await expect(page.getByRole("link", { name: "New booking" })).toHaveCount(0);
  await page.goto("/bookings/new");
  await expect(page.getByText(/read-only/i).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Create booking" })).toHaveCount(0);
  await snap(page, "viewer-new-booking");
});

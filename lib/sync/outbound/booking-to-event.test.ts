// The Outlook event Roomlink writes carries every template field, {{status}} included, for a single
// booking and for a series (written as one recurring meeting), and an empty customer leaves no
// stray label or brackets — read back from the sandbox's room calendar as Outlook shows it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, seriesLinks, templates } from "@/db/schema";
import { createBooking } from "@/lib/bookings/service";
import { makeCustomer } from "@/lib/bookings/test-fixtures";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { at } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

const BODY = [
  "{{title}}",
  "{{date}}, {{start}}–{{end}} in {{room}}",
  "Customer: {{customer}} ({{organisation}})",
  "Organizer: {{organizer}}",
  "People: {{attendees}}",
  "Status: {{status}}",
].join("\n");

type Ev = { subject: string; body: { contentType: string; content: string } };

describe.each(testDbKinds)("the Outlook event's template fields (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    const [tpl] = await w.t.db
      .insert(templates)
      .values({ name: "Every field", subject: "{{title}} – {{customer}} – {{status}}", body: BODY })
      .returning();
    await w.configure({ templateId: tpl!.id });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const eventOf = async (upn: string, eventId: string) =>
    (await w.graph
      .api(`/users/${upn}/events/${eventId}`)
      .header("Prefer", 'outlook.body-content-type="text"')
      .get()) as Ev;
  const linkedEvent = async (bookingId: string) => {
    const b = await w.waitFor(async () => {
      const [r] = await w.t.db.select().from(bookings).where(eq(bookings.id, bookingId));
      return r?.customFields.external_id ? r : null;
    });
    return b.customFields.external_id!;
  };

  it("a booking's event body has every field filled, status included", async () => {
    const room = w.rooms[0]!;
    const customer = await makeCustomer(w.t.db, "Jan de Vries");
    const {
      bookings: [b],
    } = await createBooking(
      {
        roomId: room.room.id,
        title: "Quarterly review",
        statusId: w.statuses.confirmed.id,
        startAt: at(3, 9),
        endAt: at(3, 10),
        customerId: customer.id,
        organizerEmail: "organizer@contoso.test",
        attendeeCount: 6,
      },
      { actor: w.actor() },
    );
    const ev = await eventOf(room.upn, await linkedEvent(b!.id));
    const status = w.statuses.confirmed.name;
    expect(ev.subject).toBe(`Quarterly review – Jan de Vries – ${status}`);
    const lines = ev.body.content.trim().split(/\r?\n/);
    expect(lines[0]).toBe("Quarterly review");
    expect(lines[1]).toMatch(new RegExp(`^\\w+ \\d+ \\w+ \\d{4}, \\d\\d:\\d\\d–\\d\\d:\\d\\d in ${room.room.name}$`));
    expect(lines.slice(2)).toEqual([
      "Customer: Jan de Vries (De Vries BV)",
      "Organizer: organizer@contoso.test",
      "People: 6",
      `Status: ${status}`,
    ]);
  });

  it("a series' recurring meeting carries the status, and no customer leaves no 'Customer: ()'", async () => {
    const room = w.rooms[1]!;
    const first = at(10, 13);
    const { group } = await createBooking(
      {
        roomId: room.room.id,
        title: "Weekly planning",
        statusId: w.statuses.confirmed.id,
        startAt: first,
        endAt: new Date(first.getTime() + 3600_000),
        recurrence: { frequency: "weekly", interval: 1, weekdays: [((first.getUTCDay() + 6) % 7) + 1], count: 3 },
      },
      { actor: w.actor() },
    );
    const link = await w.waitFor(
      async () => (await w.t.db.select().from(seriesLinks).where(eq(seriesLinks.groupId, group!.id)))[0],
    );
    const master = await eventOf(room.upn, link.masterEventId);
    const status = w.statuses.confirmed.name;
    expect(master.subject).toBe(`Weekly planning – ${status}`);
    expect(master.body.content).toContain(`Status: ${status}`);
    expect(master.body.content).toContain("People: 1");
    expect(master.body.content).not.toMatch(/Customer|\(\s*\)|Organizer/);
  });
});

// Inbound workflows of seed 003 against the sandbox, through our webhook routes, queue and the real
// Graph SDK: book, edit, cancel, add/remove a room, conflict and policy declines, approval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, eventLinks, inboxNotifications } from "@/db/schema";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { at, gt, type Ev } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

describe.each(testDbKinds)("inbound sync against the sandbox (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const room = (n: number) => w.rooms[n]!;
  const book = (subject: string, start: Date, end: Date, roomUpns: string[], extra: Record<string, unknown> = {}) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(end),
      attendees: [
        { type: "required", emailAddress: { address: "guest@example.com", name: "Guest" } },
        ...roomUpns.map((address) => ({ type: "resource", emailAddress: { address } })),
      ],
      ...extra,
    }) as Promise<Ev>;
  const organizerEvent = (id: string) => w.graph.api(`/users/${w.organizer}/events/${id}`).get() as Promise<Ev>;
  const roomAnswer = async (id: string, upn: string) =>
    (await organizerEvent(id)).attendees.find((a) => a.emailAddress.address.toLowerCase() === upn.toLowerCase())?.status
      ?.response;
  const liveBookings = async (roomId: string, title: string) =>
    (await w.bookingsOf(roomId)).filter((b) => b.title === title && b.statusId !== w.statuses.cancelled.id);

  it("book a room in Outlook → a confirmed booking, and the room accepts", async () => {
    const ev = await book("Weekly planning", at(2, 9), at(2, 10), [room(0).upn]);
    const [b] = await w.waitFor(async () => {
      const r = await liveBookings(room(0).room.id, "Weekly planning");
      return r.length ? r : null;
    });
    expect(b).toMatchObject({
      statusId: w.statuses.confirmed.id,
      source: "outlook",
      organizerEmail: w.organizer,
      attendeeCount: 2,
    });
    expect(b!.startAt.toISOString()).toBe(at(2, 9).toISOString());
    expect(b!.notes).toBeNull(); // privacy: no body is ever stored
    await w.waitFor(async () => (await roomAnswer(ev.id, room(0).upn)) === "accepted");
  });

  it("edit in Outlook → the booking moves; cancel in Outlook → the booking is cancelled", async () => {
    const ev = await book("Retro", at(3, 13), at(3, 14), [room(0).upn]);
    const [b] = await w.waitFor(async () => {
      const r = await liveBookings(room(0).room.id, "Retro");
      return r.length ? r : null;
    });
    await w.graph
      .api(`/users/${w.organizer}/events/${ev.id}`)
      .patch({ subject: "Retro (moved)", start: gt(at(3, 15)), end: gt(at(3, 16, 30)) });
    const moved = await w.waitFor(async () => {
      const [r] = await w.t.db.select().from(bookings).where(eq(bookings.id, b!.id));
      return r && r.title === "Retro (moved)" ? r : null;
    });
    expect([moved.startAt.toISOString(), moved.endAt.toISOString()]).toEqual([
      at(3, 15).toISOString(),
      at(3, 16, 30).toISOString(),
    ]);
    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).delete();
    await w.waitFor(async () => {
      const [r] = await w.t.db.select().from(bookings).where(eq(bookings.id, b!.id));
      return r?.statusId === w.statuses.cancelled.id;
    });
  });

  it("a conflicting meeting is declined by the room with the reason, and no booking is made", async () => {
    await book("First come", at(4, 9), at(4, 10), [room(0).upn]);
    await w.waitFor(async () => (await liveBookings(room(0).room.id, "First come")).length === 1);
    const clash = await book("Too late", at(4, 9, 30), at(4, 10, 30), [room(0).upn]);
    await w.waitFor(async () => (await roomAnswer(clash.id, room(0).upn)) === "declined");
    expect(await liveBookings(room(0).room.id, "Too late")).toHaveLength(0);
  });

  it("a policy violation (longer than the room's maximum) is declined", async () => {
    const long = await book("All-day workshop", at(5, 8), at(5, 16), [room(1).upn]);
    await w.waitFor(async () => (await roomAnswer(long.id, room(1).upn)) === "declined");
    expect(await liveBookings(room(1).room.id, "All-day workshop")).toHaveLength(0);
  });

  it("a room that requires approval answers tentative and the booking waits for approval", async () => {
    await w.setPolicy(room(1).room.id, { requiresApproval: true });
    try {
      const ev = await book("Board meeting", at(6, 9), at(6, 10), [room(1).upn]);
      const [b] = await w.waitFor(async () => {
        const r = await liveBookings(room(1).room.id, "Board meeting");
        return r.length ? r : null;
      });
      expect(b!.statusId).toBe(w.statuses.request.id);
      await w.waitFor(async () => (await roomAnswer(ev.id, room(1).upn)) === "tentativelyAccepted");
    } finally {
      await w.setPolicy(room(1).room.id, { requiresApproval: false });
    }
  });

  it("adding a room books it; removing it cancels that booking", async () => {
    const ev = await book("Sales sync", at(7, 11), at(7, 12), [room(0).upn]);
    await w.waitFor(async () => (await liveBookings(room(0).room.id, "Sales sync")).length === 1);
    const guests = [{ type: "required", emailAddress: { address: "guest@example.com" } }];
    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).patch({
      attendees: [
        ...guests,
        { type: "resource", emailAddress: { address: room(0).upn } },
        { type: "resource", emailAddress: { address: room(1).upn } },
      ],
    });
    await w.waitFor(async () => (await liveBookings(room(1).room.id, "Sales sync")).length === 1);
    await w.graph
      .api(`/users/${w.organizer}/events/${ev.id}`)
      .patch({ attendees: [...guests, { type: "resource", emailAddress: { address: room(1).upn } }] });
    await w.waitFor(async () => (await liveBookings(room(0).room.id, "Sales sync")).length === 0);
    expect(await liveBookings(room(1).room.id, "Sales sync")).toHaveLength(1);
  });

  it("duplicate and replayed notifications converge on one booking", async () => {
    await book("Replay", at(8, 9), at(8, 10), [room(0).upn]);
    const [b] = await w.waitFor(async () => {
      const r = await liveBookings(room(0).room.id, "Replay");
      return r.length ? r : null;
    });
    const [link] = await w.t.db.select().from(eventLinks).where(eq(eventLinks.bookingId, b!.id));
    // Forget that the notifications were handled: the worker re-runs them all.
    await w.t.db
      .update(inboxNotifications)
      .set({ processedAt: null })
      .where(eq(inboxNotifications.eventId, link!.eventId));
    await w.jobs.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(await liveBookings(room(0).room.id, "Replay")).toHaveLength(1);
  });

  it("a recurring meeting becomes a booking group; a cancelled and a moved occurrence follow", async () => {
    const first = at(14, 9);
    const ev = await book("Weekly sync", first, at(14, 10), [room(1).upn], {
      recurrence: {
        pattern: {
          type: "weekly",
          interval: 1,
          daysOfWeek: [
            ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"][first.getUTCDay()],
          ],
        },
        range: {
          type: "numbered",
          startDate: first.toISOString().slice(0, 10),
          numberOfOccurrences: 4,
          recurrenceTimeZone: "UTC",
        },
      },
    });
    const series = await w.waitFor(async () => {
      const r = await liveBookings(room(1).room.id, "Weekly sync");
      return r.length === 4 ? r : null;
    });
    expect(new Set(series.map((b) => b.recurrenceGroupId)).size).toBe(1);
    const win = `startDateTime=${at(13, 0).toISOString()}&endDateTime=${at(40, 0).toISOString()}`;
    const inst = (
      (await w.graph.api(`/users/${w.organizer}/events/${ev.id}/instances?${win}`).get()) as {
        value: { id: string; start: { dateTime: string } }[];
      }
    ).value;
    expect(inst).toHaveLength(4);
    await w.graph.api(`/users/${w.organizer}/events/${inst[1]!.id}`).delete();
    const moved = new Date(series[2]!.startAt.getTime() + 2 * 3600_000);
    await w.graph
      .api(`/users/${w.organizer}/events/${inst[2]!.id}`)
      .patch({ start: gt(moved), end: gt(new Date(moved.getTime() + 3600_000)) });
    await w.waitFor(async () => {
      const r = await liveBookings(room(1).room.id, "Weekly sync");
      return r.length === 3 && r.some((b) => b.startAt.getTime() === moved.getTime());
    });
    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).delete();
    await w.waitFor(async () => (await liveBookings(room(1).room.id, "Weekly sync")).length === 0);
  });
});

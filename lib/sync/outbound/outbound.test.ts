// Outbound workflows against the sandbox: a Roomlink booking becomes a room-calendar event (with
// Teams link and our id), moves and disappears with it, never echoes back; approvals answer Outlook.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, eventLinks, integrations, syncLog } from "@/db/schema";
import { cancelBooking, changeBookingStatus, createBooking, updateBooking } from "@/lib/bookings/service";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { processEvent } from "@/lib/sync/inbound/process";
import type { GraphEvent } from "@/lib/graph/types";

const at = (dayOffset: number, hour: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + dayOffset);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};
type RoomEvent = {
  id: string;
  subject: string;
  start: { dateTime: string };
  onlineMeeting?: { joinUrl?: string } | null;
};

describe.each(testDbKinds)("outbound sync against the sandbox (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    await w.t.db.update(integrations).set({ createTeamsLink: true }).where(eq(integrations.id, w.integrationId));
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const actor = () => ({ id: w.admin.id, name: w.admin.name });
  const roomEvent = async (upn: string, id: string) => {
    try {
      return (await w.graph.api(`/users/${upn}/events/${id}`).get()) as RoomEvent;
    } catch {
      return null;
    }
  };
  const booking = async (id: string) => (await w.t.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;

  it("a Roomlink booking appears in the room's calendar with the Teams link, moves with it and is deleted on cancel", async () => {
    const room = w.rooms[0]!;
    const {
      bookings: [b],
    } = await createBooking(
      {
        roomId: room.room.id,
        title: "Customer demo",
        statusId: w.statuses.confirmed.id,
        startAt: at(2, 10),
        endAt: at(2, 11),
      },
      { actor: actor() },
    );
    const withId = await w.waitFor(async () => {
      const r = await booking(b!.id);
      return r.customFields.external_id ? r : null;
    });
    const eventId = withId.customFields.external_id!;
    const ev = await roomEvent(room.upn, eventId);
    expect(ev?.subject).toBe("Customer demo");
    expect(withId.customFields.teams_link).toBeTruthy();
    expect(withId.customFields.teams_link).toBe(ev?.onlineMeeting?.joinUrl);

    await updateBooking({ id: b!.id, patch: { startAt: at(2, 14), endAt: at(2, 15) } }, { actor: actor() });
    await w.waitFor(async () =>
      (await roomEvent(room.upn, eventId))?.start.dateTime.startsWith(at(2, 14).toISOString().slice(0, 16)),
    );

    await cancelBooking({ id: b!.id }, { actor: actor() });
    await w.waitFor(async () => (await roomEvent(room.upn, eventId)) === null);
    await w.jobs.idle(); // the link is forgotten after Graph confirms the delete
    expect(await w.t.db.select().from(eventLinks).where(eq(eventLinks.bookingId, b!.id))).toHaveLength(0);
  });

  it("a delta copy read just before our own write does not roll the booking back", async () => {
    // A reconcile's delta round read the event, then Roomlink moved the booking and wrote the move to
    // Outlook, then the round applied its (now older) copy. bench:faults saw that copy win: the booking
    // went back while Outlook kept the move, and every later notification looked like our echo.
    const room = w.rooms[1]!;
    const {
      bookings: [b],
    } = await createBooking(
      { roomId: room.room.id, title: "Board", statusId: w.statuses.confirmed.id, startAt: at(3, 10), endAt: at(3, 11) },
      { actor: actor() },
    );
    const eventId = (
      await w.waitFor(async () => {
        const r = await booking(b!.id);
        return r.customFields.external_id ? r : null;
      })
    ).customFields.external_id!;
    await w.jobs.idle();
    const stale = (await w.graph.api(`/users/${room.upn}/events/${eventId}`).get()) as GraphEvent;
    await updateBooking({ id: b!.id, patch: { startAt: at(3, 14), endAt: at(3, 15) } }, { actor: actor() });
    await w.waitFor(async () =>
      (await roomEvent(room.upn, eventId))?.start.dateTime.startsWith(at(3, 14).toISOString().slice(0, 16)),
    );
    await w.jobs.idle();

    await processEvent({ integrationId: w.integrationId, mailbox: room.upn, eventId }, stale);
    const after = await booking(b!.id);
    expect(after.startAt.toISOString()).toBe(at(3, 14).toISOString());
    expect(after.endAt.toISOString()).toBe(at(3, 15).toISOString());
  });

  it("our own writes come back as notifications and are suppressed (no second booking, no inbound change)", async () => {
    const room = w.rooms[1]!;
    const {
      bookings: [b],
    } = await createBooking(
      {
        roomId: room.room.id,
        title: "Echo check",
        statusId: w.statuses.confirmed.id,
        startAt: at(3, 9),
        endAt: at(3, 10),
      },
      { actor: actor() },
    );
    const eventId = await w.waitFor(async () => (await booking(b!.id)).customFields.external_id);
    await updateBooking({ id: b!.id, patch: { title: "Echo check 2" } }, { actor: actor() });
    await w.waitFor(async () => (await roomEvent(room.upn, eventId))?.subject === "Echo check 2");
    await new Promise((r) => setTimeout(r, 500));
    await w.jobs.idle();
    const inbound = await w.t.db
      .select()
      .from(syncLog)
      .where(
        and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.direction, "inbound"), eq(syncLog.eventId, eventId)),
      );
    expect(inbound.filter((l) => l.outcome === "ok")).toEqual([]);
    const inRoom = (await w.bookingsOf(room.room.id)).filter((x) => x.title.startsWith("Echo check"));
    expect(inRoom).toHaveLength(1);
    expect((await booking(b!.id)).title).toBe("Echo check 2");
  });

  it("approving an Outlook request in Roomlink accepts the meeting; rejecting declines it", async () => {
    const room = w.rooms[1]!;
    await w.setPolicy(room.room.id, { requiresApproval: true });
    const attendees = [{ type: "resource", emailAddress: { address: room.upn } }];
    const mk = async (subject: string, day: number) => {
      const ev = (await w.graph.api(`/users/${w.organizer}/events`).post({
        subject,
        start: { dateTime: at(day, 9).toISOString().slice(0, 19), timeZone: "UTC" },
        end: { dateTime: at(day, 10).toISOString().slice(0, 19), timeZone: "UTC" },
        attendees,
      })) as { id: string };
      const b = await w.waitFor(async () => (await w.bookingsOf(room.room.id)).find((x) => x.title === subject));
      return { ev, b };
    };
    const answer = async (id: string) =>
      (
        (await w.graph.api(`/users/${w.organizer}/events/${id}`).get()) as {
          attendees: { emailAddress: { address: string }; status?: { response?: string } }[];
        }
      ).attendees.find((a) => a.emailAddress.address.toLowerCase() === room.upn.toLowerCase())?.status?.response;
    try {
      const yes = await mk("Approve me", 9);
      const no = await mk("Reject me", 10);
      expect(yes.b.statusId).toBe(w.statuses.request.id);
      await w.waitFor(async () => (await answer(yes.ev.id)) === "tentativelyAccepted");
      await changeBookingStatus({ id: yes.b.id, statusId: w.statuses.confirmed.id }, { actor: actor() });
      await w.waitFor(async () => (await answer(yes.ev.id)) === "accepted");
      await changeBookingStatus({ id: no.b.id, statusId: w.statuses.rejected.id }, { actor: actor() });
      await w.waitFor(async () => (await answer(no.ev.id)) === "declined");
      // The room leaving the meeting must not cancel the rejected booking behind the admin's back.
      await new Promise((r) => setTimeout(r, 300));
      expect((await booking(no.b.id)).statusId).toBe(w.statuses.rejected.id);
    } finally {
      await w.setPolicy(room.room.id, { requiresApproval: false });
    }
  });
});

// The booking page's Outlook card, read from what really happened against the sandbox: written (single
// or series occurrence), booked from Outlook, not written and why, queued, failed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, jobs } from "@/db/schema";
import { cancelBooking, createBooking } from "@/lib/bookings/service";
import { makeRoom } from "@/lib/bookings/test-fixtures";
import { must } from "@/lib/invariant";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { bookingOutlookStatus } from "./status";
import { pumpOutbox } from "./outbox";
import { startSyncJobs } from "@/lib/sync/register";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

describe.each(testDbKinds)("a booking's Outlook status (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const book = async (
    roomId: string,
    title: string,
    day: number,
    statusId = w.statuses.confirmed.id,
    recurrence?: { frequency: "weekly"; interval: 1; weekdays: number[]; count: number },
  ) =>
    (
      await createBooking(
        { roomId, title, statusId, startAt: at(day, 9), endAt: at(day, 10), recurrence },
        { actor: w.actor() },
      )
    ).bookings;
  const written = (id: string) =>
    w.waitFor(
      async () => (await w.t.db.select().from(bookings).where(eq(bookings.id, id)))[0]?.customFields.external_id,
    );
  const stateOf = async (id: string) => {
    const rows = await bookingOutlookStatus(id);
    expect(rows.map((r) => r.integrationId)).toEqual([w.integrationId]);
    return rows[0]!;
  };

  it("says where a written booking is, single or as a series occurrence, with its sync actions", async () => {
    const room = w.rooms[0]!;
    const [single] = await book(room.room.id, "Status single", 3);
    await written(single!.id);
    const s = await stateOf(single!.id);
    expect(s.state).toMatchObject({ kind: "written", mailbox: room.upn, series: false });
    expect(s.recent.map((e) => `${e.direction} ${e.action} ${e.outcome}`)).toContain("outbound create ok");

    const weekday = ((at(4, 9).getUTCDay() + 6) % 7) + 1;
    const series = await book(room.room.id, "Status series", 4, undefined, {
      frequency: "weekly",
      interval: 1,
      weekdays: [weekday],
      count: 2,
    });
    await written(series[1]!.id);
    await w.jobs.idle();
    expect((await stateOf(series[1]!.id)).state).toMatchObject({ kind: "written", mailbox: room.upn, series: true });
  });

  it("a meeting booked in Outlook reads as booked from Outlook", async () => {
    const room = w.rooms[1]!;
    await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "Status from Outlook",
      start: gt(at(5, 11)),
      end: gt(at(5, 12)),
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    });
    const b = await w.waitFor(async () =>
      (await w.bookingsOf(room.room.id)).find((x) => x.title === "Status from Outlook"),
    );
    expect((await stateOf(b.id)).state).toEqual({ kind: "from-outlook", mailbox: room.upn });
  });

  it("says why a booking is not in Outlook: cancelled, not a create-on status, room without a mailbox", async () => {
    const room = w.rooms[0]!;
    const [option] = await book(room.room.id, "Status option", 6, w.statuses.option.id);
    await w.jobs.idle();
    expect((await stateOf(option!.id)).state).toEqual({ kind: "not-written", reason: "status" });

    const [gone] = await book(room.room.id, "Status cancelled", 7);
    await written(gone!.id);
    await cancelBooking({ id: gone!.id }, { actor: w.actor() });
    await w.waitFor(async () => (await stateOf(gone!.id)).state.kind === "not-written");
    expect((await stateOf(gone!.id)).state).toEqual({ kind: "not-written", reason: "cancelled" });

    const unmappedRoom = must(await makeRoom(w.t.db, { capacity: 4 }), "new room");
    const [elsewhere] = await book(unmappedRoom.id, "Status unmapped", 8);
    await w.jobs.idle();
    expect((await stateOf(elsewhere!.id)).state).toEqual({ kind: "not-written", reason: "unmapped" });
  });

  it("a job still queued, then one that gave up, are shown with the last error", async () => {
    const room = w.rooms[1]!;
    await w.jobs.stop();
    try {
      const [b] = await book(room.room.id, "Status queued", 9);
      await pumpOutbox();
      expect((await stateOf(b!.id)).state).toMatchObject({ kind: "queued", attempts: 0, lastError: null });
      // As the queue leaves a job that failed on every attempt.
      await w.t.db
        .update(jobs)
        .set({
          state: "dead",
          attempts: 8,
          lastError: "Access denied to r2@contoso.test by an application access policy.",
          finishedAt: new Date(),
        })
        .where(eq(jobs.key, `${b!.id}|${w.integrationId}`));
      const dead = await stateOf(b!.id);
      expect(dead.state).toMatchObject({
        kind: "failed",
        lastError: "Access denied to r2@contoso.test by an application access policy.",
      });
    } finally {
      w.jobs = startSyncJobs({ pollMs: 100 });
    }
  });
});

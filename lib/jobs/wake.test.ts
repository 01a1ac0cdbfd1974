// Wake-ups in one process: with the worker polling only every 30 s, a webhook's inbox rows (both
// databases: the in-process signal after the intake commits) and, on the server, a booking write
// (its outbox row: the NOTIFY comes back on this process's own LISTEN connection once the write has
// committed) are picked up within seconds. The embedded database has no commit hook, so a booking
// write there waits for the poll (lib/jobs/wake.ts says why).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings } from "@/db/schema";
import { must } from "@/lib/invariant";
import { createBooking } from "@/lib/bookings/service";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { startWorker, type JobsHandle } from "./runner";

const LONG_POLL_MS = 30_000;
/** "Woken": well before the poll could explain it, and generous for a loaded machine. */
const WOKEN_WITHIN_MS = 8_000;

describe.each(testDbKinds)("wake-ups in this process (%s)", (kind) => {
  let w: SyncWorld;
  let worker: JobsHandle;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    await w.jobs.idle();
    await w.jobs.stop();
    // The same sync engine (registered by the world), polling only every 30 s.
    worker = startWorker({ pollMs: LONG_POLL_MS });
    await worker.idle();
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await w?.close();
  });

  // Server only: see the header.
  it.runIf(kind === "server")(
    "a booking write wakes the worker: the event is in Outlook well before the next poll",
    async () => {
      const room = must(w.rooms[0], "first room");
      const t0 = Date.now();
      const {
        bookings: [b],
      } = await createBooking(
        {
          roomId: room.room.id,
          title: "Woken outbound",
          statusId: w.statuses.confirmed.id,
          startAt: at(3, 9),
          endAt: at(3, 10),
        },
        { actor: { id: w.admin.id, name: w.admin.name } },
      );
      const id = must(b, "created booking").id;
      const eventId = await w.waitFor(
        async () => (await w.t.db.select().from(bookings).where(eq(bookings.id, id)))[0]?.customFields.external_id,
        WOKEN_WITHIN_MS,
      );
      expect(Date.now() - t0).toBeLessThan(WOKEN_WITHIN_MS);
      const ev = (await w.graph.api(`/users/${room.upn}/events/${eventId}`).get()) as { subject: string };
      expect(ev.subject).toBe("Woken outbound");
    },
  );

  it("a webhook's inbox rows wake the worker: the Outlook meeting is booked well before the next poll", async () => {
    const room = must(w.rooms[1], "second room");
    const t0 = Date.now();
    await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "Woken inbound",
      start: gt(at(3, 13)),
      end: gt(at(3, 14)),
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    });
    const booked = await w.waitFor(
      async () => (await w.t.db.select().from(bookings).where(eq(bookings.title, "Woken inbound")))[0],
      WOKEN_WITHIN_MS,
    );
    expect(Date.now() - t0).toBeLessThan(WOKEN_WITHIN_MS);
    expect(booked.roomId).toBe(room.room.id);
  });
});

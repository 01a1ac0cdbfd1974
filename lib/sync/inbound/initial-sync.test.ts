// Activation starts the first full sync itself: meetings already in the rooms' calendars (a weekly
// series included, whose master delta never returns) are imported, Roomlink's bookings pushed, and
// the progress per room says "live" only once its import finished. End to end against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { jobs as jobsTable } from "@/db/schema";
import { createBooking } from "@/lib/bookings/service";
import { startSyncJobs } from "@/lib/sync/register";
import { activate, deactivate, JOB_INITIAL_SYNC } from "@/lib/integrations/lifecycle";
import { getIntegration } from "@/lib/integrations";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { env } from "@/lib/env";
import { initialSyncProgress } from "./initial-sync";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

describe.each(testDbKinds)("initial sync at activation (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const live = async (roomId: string) =>
    (await w.bookingsOf(roomId)).filter((b) => b.statusId !== w.statuses.cancelled.id);

  it("imports an existing series and single meetings, pushes Roomlink's bookings, and reports each room live when done", async () => {
    const [r0, r1] = [w.rooms[0]!, w.rooms[1]!];
    // Before activation: the integration is off, so nothing reaches Roomlink and nothing leaves it.
    await deactivate(w.actor(), w.integrationId);
    await w.jobs.stop();
    const first = at(6, 8);
    await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "Weekly stand-up",
      start: gt(first),
      end: gt(new Date(first.getTime() + 1800_000)),
      attendees: [{ type: "resource", emailAddress: { address: r0.upn } }],
      recurrence: {
        pattern: {
          type: "weekly",
          interval: 1,
          daysOfWeek: [first.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" }).toLowerCase()],
        },
        range: {
          type: "endDate",
          startDate: first.toISOString().slice(0, 10),
          endDate: at(6 + 7 * 7, 0)
            .toISOString()
            .slice(0, 10),
          recurrenceTimeZone: "UTC",
        },
      },
    });
    await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "Board meeting",
      start: gt(at(9, 14)),
      end: gt(at(9, 15)),
      attendees: [{ type: "resource", emailAddress: { address: r1.upn } }],
    });
    const {
      bookings: [ours],
    } = await createBooking(
      {
        roomId: r1.room.id,
        title: "Roomlink workshop",
        statusId: w.statuses.confirmed.id,
        startAt: at(10, 10),
        endAt: at(10, 12),
      },
      { actor: w.actor() },
    );
    expect(await live(r0.room.id)).toHaveLength(0);

    // Activation, with no worker running yet: the first sync is queued and every room still importing.
    await activate(w.actor(), w.integrationId, { baseUrl: env.baseUrl });
    const queued = await w.t.db.select().from(jobsTable).where(eq(jobsTable.name, JOB_INITIAL_SYNC));
    expect(queued.filter((j) => j.state === "pending")).toHaveLength(1);
    const before = await initialSyncProgress(await getIntegration(w.integrationId));
    expect(before).toMatchObject({ done: 0, total: 2 });
    expect(before.rooms.map((r) => r.state)).toEqual(["pending", "pending"]);

    w.jobs = startSyncJobs({ pollMs: 100 });
    const after = await w.waitFor(async () => {
      const p = await initialSyncProgress(await getIntegration(w.integrationId));
      return p.done === 2 && p.rooms.every((r) => r.pushed === r.toPush) ? p : null;
    }, 30_000);
    const byMailbox = new Map(after.rooms.map((r) => [r.mailbox.toLowerCase(), r]));
    // Eight weekly occurrences from day 6 to day 55: one booking group, every date booked.
    const standups = (await live(r0.room.id)).filter((b) => b.title === "Weekly stand-up");
    expect(standups).toHaveLength(8);
    expect(new Set(standups.map((b) => b.recurrenceGroupId)).size).toBe(1);
    expect(byMailbox.get(r0.upn.toLowerCase())).toMatchObject({ state: "live", imported: 1, error: null });
    expect((await live(r1.room.id)).map((b) => b.title).sort()).toEqual(["Board meeting", "Roomlink workshop"]);
    expect(byMailbox.get(r1.upn.toLowerCase())).toMatchObject({ state: "live", imported: 1, pushed: 1, toPush: 1 });
    // Roomlink's booking is on the room's calendar in Outlook.
    const pushed = await w.waitFor(async () =>
      (await w.bookingsOf(r1.room.id)).find((b) => b.id === ours!.id && b.customFields.external_id),
    );
    expect(await w.eventIn(r1.upn, String(pushed.customFields.external_id))).toMatchObject({
      subject: expect.stringContaining("Roomlink workshop") as unknown,
    });
  }, 60_000);

  it("a room whose calendar cannot be read is reported failed with the reason, not live", async () => {
    const r1 = w.rooms[1]!;
    await w.jobs.stop();
    // An application access policy that now excludes the room: Graph answers 403 for its calendar.
    w.sb.directory.setAccessPolicy(w.sb.clientId, { accessRight: "DenyAccess", mailboxes: [r1.upn] });
    try {
      await activate(w.actor(), w.integrationId, { baseUrl: env.baseUrl }).catch(() => undefined);
      w.jobs = startSyncJobs({ pollMs: 100 });
      const p = await w.waitFor(async () => {
        const x = await initialSyncProgress(await getIntegration(w.integrationId));
        const failed = x.rooms.some((r) => r.mailbox.toLowerCase() === r1.upn.toLowerCase() && r.state === "failed");
        return failed && x.done === 1 ? x : null;
      }, 30_000);
      const failed = p.rooms.find((r) => r.mailbox.toLowerCase() === r1.upn.toLowerCase())!;
      expect(failed).toMatchObject({ imported: null, error: expect.stringMatching(/denied|access/i) as unknown });
      // The other room went live as before.
      expect(p.rooms.find((r) => r.mailbox.toLowerCase() === w.rooms[0]!.upn.toLowerCase())).toMatchObject({
        state: "live",
      });
    } finally {
      w.sb.directory.setAccessPolicy(w.sb.clientId, null);
    }
  }, 60_000);
});

// Delta as Exchange sends it, end to end through the real SDKs (notifications dropped, so delta is
// the only way in): series only as occurrences and exceptions (never the master), a delta link whose
// frozen window is nearly over, and `@removed` for an event that only moved out of that window.
import diagnostics from "node:diagnostics_channel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, calendarSyncState, recurrenceGroups } from "@/db/schema";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycleRoute } from "@/app/api/graph/lifecycle/[id]/route";
import { DELTA_PREFER } from "./delta-state";
import { reconcileIntegration } from "@/lib/sync/reconcile/reconcile";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { sameMailbox } from "@/lib/sync/mailbox";

/** Graph requests this process sends (token requests left out), counted on the wire as bench:reconcile does. */
const wire = { paths: [] as string[], on: false };
diagnostics.subscribe("undici:request:create", (msg) => {
  const { request } = msg as { request: { path?: string; method?: string } };
  if (wire.on && /^\/v1\.0\//.test(request.path ?? ""))
    wire.paths.push(`${request.method ?? "GET"} ${request.path ?? ""}`);
});
async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; requests: string[] }> {
  wire.paths = [];
  wire.on = true;
  try {
    return { value: await fn(), requests: wire.paths };
  } finally {
    wire.on = false;
  }
}

/**
 * While Outlook changes are made unnotified, the sandbox also sends the `missed` lifecycle event Graph
 * sends for dropped notifications, and Roomlink answers it with a delta at once. These tests are about
 * changes nothing announced (a series from before activation, a lost lifecycle event too): such
 * deliveries are acknowledged and not handed to Roomlink, so the reconcile under test is the only way in.
 */
const quiet = { on: false };
const lifecycle: typeof lifecycleRoute = (req, ctx) =>
  quiet.on ? Promise.resolve(new Response(null, { status: 202 })) : lifecycleRoute(req, ctx);

type Page = { value?: unknown[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };

describe.each(testDbKinds)("delta shapes as Exchange sends them (%s)", (kind) => {
  let w: SyncWorld;
  let graph: SandboxGraphService;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    graph = w.sb.graph as SandboxGraphService;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const live = async (roomId: string) =>
    (await w.bookingsOf(roomId)).filter((b) => b.statusId !== w.statuses.cancelled.id);
  /** Outlook changes while every notification is lost: only delta can bring them in. */
  async function unnotified<T>(fn: () => Promise<T>): Promise<T> {
    graph.setFaults({ dropNotificationsRate: 1 });
    quiet.on = true;
    try {
      const v = await fn();
      await graph.deliveriesIdle();
      return v;
    } finally {
      graph.setFaults({ dropNotificationsRate: 0 });
      quiet.on = false;
    }
  }
  const weekly = (subject: string, first: Date, count: number, upn: string) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(first),
      end: gt(new Date(first.getTime() + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: upn } }],
      recurrence: {
        pattern: {
          type: "weekly",
          interval: 1,
          daysOfWeek: [first.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" }).toLowerCase()],
        },
        range: {
          type: "numbered",
          startDate: first.toISOString().slice(0, 10),
          numberOfOccurrences: count,
          recurrenceTimeZone: "UTC",
        },
      },
    }) as Promise<{ id: string }>;
  const single = (subject: string, start: Date, upn: string) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(new Date(start.getTime() + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: upn } }],
    }) as Promise<{ id: string }>;
  /** Reconcile until a round changes nothing (the rooms' own answers come back as one more change). */
  async function settle() {
    for (let n = 0; n < 5; n++) if ((await reconcileIntegration(w.integrationId)).changes === 0) return;
    throw new Error("reconcile did not settle");
  }

  it("books series that reach Roomlink only through delta, one master read each, and follows an occurrence cancelled there", async () => {
    const r0 = w.rooms[0]!;
    const [standup] = await unnotified(() =>
      Promise.all([weekly("Stand-up", at(7, 9), 6, r0.upn), weekly("Review", at(8, 13), 4, r0.upn)]),
    );
    expect(await live(r0.room.id)).toHaveLength(0);

    const first = await reconcileIntegration(w.integrationId);
    expect(first.errors).toBe(0);
    const booked = await live(r0.room.id);
    expect(booked.filter((b) => b.title === "Stand-up")).toHaveLength(6);
    expect(booked.filter((b) => b.title === "Review")).toHaveLength(4);
    // Each series is one booking group, not ten loose bookings.
    expect(new Set(booked.map((b) => b.recurrenceGroupId)).size).toBe(2);
    expect(booked.every((b) => b.recurrenceGroupId)).toBe(true);
    // Settled: the rooms' own answers (new changeKeys on the masters) read back once more, then quiet.
    for (let n = 0; n < 5 && (await counted(() => reconcileIntegration(w.integrationId))).requests.length > 1; n++);
    const quiet = await counted(() => reconcileIntegration(w.integrationId));
    expect(quiet.value).toMatchObject({ errors: 0, changes: 0 });
    expect(quiet.requests).toEqual(["POST /v1.0/$batch"]); // one $batch of first delta pages for the two rooms, nothing else

    // The organizer cancels the third stand-up; the room's calendar says so only through delta.
    const instances = (await w.graph
      .api(`/users/${w.organizer}/events/${standup.id}/instances`)
      .query({ startDateTime: at(0, 0).toISOString(), endDateTime: at(60, 0).toISOString() })
      .get()) as { value: { id: string; start: { dateTime: string } }[] };
    const third = instances.value.sort((a, b) => a.start.dateTime.localeCompare(b.start.dateTime))[2]!;
    await unnotified(() => w.graph.api(`/users/${w.organizer}/events/${third.id}`).delete());
    const after = await reconcileIntegration(w.integrationId);
    expect(after.errors).toBe(0);
    const ups = (await w.bookingsOf(r0.room.id)).filter((b) => b.title === "Stand-up");
    expect(ups.filter((b) => b.statusId === w.statuses.cancelled.id).map((b) => b.startAt.toISOString())).toEqual([
      at(21, 9).toISOString(),
    ]);
    expect(ups.filter((b) => b.statusId !== w.statuses.cancelled.id)).toHaveLength(5);

    // A full resync (the sync state expired) lists every occurrence again: nothing doubles, nothing goes.
    await settle();
    graph.expireDeltaTokens();
    const resync = await reconcileIntegration(w.integrationId);
    expect(resync.errors).toBe(0);
    const again = await live(r0.room.id);
    expect(again.map((b) => b.id).sort()).toEqual(
      booked
        .filter((b) => b.startAt.getTime() !== at(21, 9).getTime())
        .map((b) => b.id)
        .sort(),
    );
    const groups = await w.t.db.select().from(recurrenceGroups);
    expect(groups.filter((g) => again.some((b) => b.recurrenceGroupId === g.id))).toHaveLength(2);
  });

  /** A delta link made long ago: its window [from, to) is the sync window as it was then. */
  async function agedLink(upn: string, from: Date, to: Date) {
    let page = (await w.graph
      .api(`/users/${upn}/calendarView/delta?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}`)
      .header("Prefer", DELTA_PREFER)
      .get()) as Page;
    while (page["@odata.nextLink"])
      page = (await w.graph.api(page["@odata.nextLink"]).header("Prefer", DELTA_PREFER).get()) as Page;
    await w.t.db
      .update(calendarSyncState)
      .set({ deltaLink: page["@odata.deltaLink"]!, windowStart: from, windowEnd: to })
      .where(and(eq(calendarSyncState.integrationId, w.integrationId), sameMailbox(calendarSyncState.mailbox, upn)));
  }

  it("renews a delta link whose window is nearly over, and an event moved out of it is moved, not cancelled", async () => {
    const r1 = w.rooms[1]!;
    const near = await single("Near", at(3, 9), r1.upn);
    await w.waitFor(async () => (await live(r1.room.id)).find((b) => b.title === "Near"));
    const nearBooking = (await live(r1.room.id)).find((b) => b.title === "Near")!;
    await single("Staying", at(4, 9), r1.upn);
    await w.waitFor(async () => (await live(r1.room.id)).find((b) => b.title === "Staying"));
    await settle();
    // The link as it would be after a year of reconciles: made for [then − 1 day, then + 365 days],
    // that end now 10 days ahead.
    await agedLink(r1.upn, at(-356, 0), at(10, 0));

    // Outlook, unnotified: "Near" moves 40 days ahead (out of the old window: @removed in that link),
    // a new meeting is booked beyond the old window's end.
    await unnotified(async () => {
      await w.graph.api(`/users/${w.organizer}/events/${near.id}`).patch({ start: gt(at(43, 9)), end: gt(at(43, 10)) });
      await single("Far ahead", at(60, 11), r1.upn);
    });
    const r = await reconcileIntegration(w.integrationId);
    expect(r).toMatchObject({ errors: 0, windowsRenewed: 1 });
    const rows = (await w.bookingsOf(r1.room.id)).filter((b) => ["Near", "Staying", "Far ahead"].includes(b.title));
    // The same booking, moved: @removed was read again, found 40 days ahead, and applied as a move.
    expect(
      rows
        .filter((b) => b.title === "Near")
        .map((b) => ({
          id: b.id,
          startAt: b.startAt.toISOString(),
          cancelled: b.statusId === w.statuses.cancelled.id,
        })),
    ).toEqual([{ id: nearBooking.id, startAt: at(43, 9).toISOString(), cancelled: false }]);
    expect(
      rows
        .filter((b) => b.statusId !== w.statuses.cancelled.id)
        .map((b) => b.title)
        .sort(),
    ).toEqual(["Far ahead", "Near", "Staying"]);
    // The stored window is the current one now, and the next round follows the new link quietly.
    const [state] = await w.t.db
      .select()
      .from(calendarSyncState)
      .where(
        and(
          eq(calendarSyncState.integrationId, w.integrationId),
          sameMailbox(calendarSyncState.mailbox, r1.upn),
          isNotNull(calendarSyncState.windowEnd),
        ),
      );
    expect(state!.windowEnd!.getTime()).toBeGreaterThan(at(360, 0).getTime());
    await settle();
    const next = await reconcileIntegration(w.integrationId);
    expect(next).toMatchObject({ errors: 0, changes: 0, windowsRenewed: 0 });
  });

  it("@removed of an event deleted in Outlook still cancels its booking", async () => {
    const r1 = w.rooms[1]!;
    const ev = await single("Deleted later", at(5, 15), r1.upn);
    await w.waitFor(async () => (await live(r1.room.id)).find((b) => b.title === "Deleted later"));
    await settle();
    await unnotified(() => w.graph.api(`/users/${w.organizer}/events/${ev.id}`).delete());
    const r = await reconcileIntegration(w.integrationId);
    expect(r.errors).toBe(0);
    expect((await live(r1.room.id)).find((b) => b.title === "Deleted later")).toBeUndefined();
    const [row] = await w.t.db.select().from(bookings).where(eq(bookings.title, "Deleted later"));
    expect(row!.statusId).toBe(w.statuses.cancelled.id);
  });
});

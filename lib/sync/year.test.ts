// A year of simulated time: the process clock (Date, which Roomlink, msal and the sandbox tenant all
// read) advances 4 days per step while every notification is lost, so delta links age, their frozen
// windows fall behind and get renewed, subscriptions are renewed, and open-ended series are extended
// nightly; each step runs the real reconcile, the outbound jobs it queues and the nightly extension.
// At the end every live Outlook meeting in the rooms has a live booking and vice versa, and nothing
// was cancelled that Outlook still holds.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, jobs } from "@/db/schema";
import { createBooking, extendAllSeries } from "@/lib/bookings/service";
import { IMMUTABLE_ID } from "@/lib/graph";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { runCalendarDelta } from "@/lib/sync/inbound/delta";
import { pumpOutbox } from "@/lib/sync/outbound/outbox";
import { deltaJob, JOB_DELTA, JOB_OUTBOUND, outboundJob } from "@/lib/sync/jobs";
import { parsePayload } from "@/lib/jobs/define";
import { processOutbound } from "@/lib/sync/outbound/process";
import { reconcileIntegration } from "@/lib/sync/reconcile/reconcile";
import { gt } from "./test-events";
import { syncWorld, type SyncWorld } from "./test-world";

const DAY = 24 * 3600_000;
const STEP_DAYS = 4;
const isoWeekday = (d: Date) => ((d.getUTCDay() + 6) % 7) + 1;
const weekdayName = (d: Date) => d.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" }).toLowerCase();

describe.each(testDbKinds)("a year of simulated time keeps every live booking live (%s)", (kind) => {
  let w: SyncWorld;
  let graph: SandboxGraphService;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    graph = w.sb.graph as SandboxGraphService;
    // The scheduled work runs by hand below: the queue compares run_after with the database's clock,
    // which simulated time does not move.
    await w.jobs.stop();
  }, 60_000);
  afterAll(async () => {
    vi.useRealTimers();
    graph?.setFaults({ dropNotificationsRate: 0 });
    await w?.close();
  });

  /** Day `d` of the simulation at hour:00 UTC. */
  let t0 = 0;
  const day = (d: number, hour: number) => new Date(t0 + d * DAY + hour * 3600_000);

  /** The outbound and delta jobs a reconcile (or a booking) queued, run as the worker would. */
  async function drainJobs() {
    await pumpOutbox();
    for (let round = 0; round < 10; round++) {
      const pending = await w.t.db
        .select()
        .from(jobs)
        .where(and(inArray(jobs.name, [JOB_OUTBOUND, JOB_DELTA]), eq(jobs.state, "pending")));
      if (!pending.length) return;
      for (const j of pending) {
        if (j.name === JOB_OUTBOUND) {
          const p = parsePayload(outboundJob, j.payload);
          await processOutbound(p.bookingId, p.integrationId);
        } else {
          const p = parsePayload(deltaJob, j.payload);
          await runCalendarDelta(p.integrationId, p.mailbox);
        }
        await w.t.db.update(jobs).set({ state: "done", finishedAt: new Date() }).where(eq(jobs.id, j.id));
      }
    }
  }

  async function step() {
    const r = await reconcileIntegration(w.integrationId);
    expect(r.errors, `reconcile errors on ${new Date().toISOString()}`).toBe(0);
    await drainJobs();
    await extendAllSeries({ actor: "system:sync" }); // the nightly job's call (lib/jobs/index.ts)
    await drainJobs();
    return r;
  }

  const post = (subject: string, start: Date, minutes: number, upn: string, recurrence?: object) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(new Date(start.getTime() + minutes * 60_000)),
      attendees: [{ type: "resource", emailAddress: { address: upn } }],
      ...(recurrence && { recurrence }),
    }) as Promise<{ id: string }>;

  /** The room's calendar as Outlook shows it: live meetings (not cancelled, not declined by the room) in [from, to). */
  async function outlookStarts(upn: string, from: Date, to: Date): Promise<string[]> {
    const out: string[] = [];
    let url: string | undefined =
      `/users/${upn}/calendarView?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=200`;
    while (url) {
      const page = (await w.graph.api(url).header("Prefer", IMMUTABLE_ID).get()) as {
        value: { start: { dateTime: string }; isCancelled?: boolean; responseStatus?: { response?: string } }[];
        "@odata.nextLink"?: string;
      };
      for (const e of page.value)
        if (!e.isCancelled && e.responseStatus?.response !== "declined")
          out.push(new Date(`${e.start.dateTime}Z`).toISOString());
      url = page["@odata.nextLink"];
    }
    return out.sort();
  }
  async function bookedStarts(roomId: string, from: Date, to: Date): Promise<string[]> {
    return (await w.bookingsOf(roomId))
      .filter((b) => b.statusId !== w.statuses.cancelled.id && b.startAt >= from && b.startAt < to)
      .map((b) => b.startAt.toISOString())
      .sort();
  }

  it("365 days in steps of 4, with Outlook and Roomlink changes along the way, delta the only way in", async () => {
    const [r0, r1] = [w.rooms[0]!, w.rooms[1]!];
    const start = new Date();
    start.setUTCHours(0, 0, 0, 0);
    t0 = start.getTime();
    vi.useFakeTimers({ toFake: ["Date"], shouldAdvanceTime: true, now: new Date(t0 + 6 * 3600_000) });
    graph.setFaults({ dropNotificationsRate: 1 });

    // Outlook: an open-ended weekly series (booked to a lookahead, extended nightly) and a single meeting.
    const weeklyFirst = day(2, 9);
    const weekly = await post("Weekly sync", weeklyFirst, 60, r0.upn, {
      pattern: { type: "weekly", interval: 1, daysOfWeek: [weekdayName(weeklyFirst)] },
      range: { type: "noEnd", startDate: weeklyFirst.toISOString().slice(0, 10), recurrenceTimeZone: "UTC" },
    });
    const planning = await post("Planning day", day(150, 13), 120, r0.upn);
    // Roomlink: a single booking and a 30-week series, written to Outlook by the outbound jobs.
    const actor = w.actor();
    await createBooking(
      {
        roomId: r1.room.id,
        title: "Roomlink single",
        statusId: w.statuses.confirmed.id,
        startAt: day(20, 10),
        endAt: day(20, 11),
      },
      { actor },
    );
    const series = day(5, 14);
    await createBooking(
      {
        roomId: r1.room.id,
        title: "Roomlink series",
        statusId: w.statuses.confirmed.id,
        startAt: series,
        endAt: new Date(series.getTime() + 3600_000),
        recurrence: { frequency: "weekly", interval: 1, weekdays: [isoWeekday(series)], count: 30 },
      },
      { actor },
    );
    await step();

    let cancelledOccurrence: string | null = null;
    let renewed = 0;
    for (let d = STEP_DAYS; d <= 365; d += STEP_DAYS) {
      vi.setSystemTime(new Date(t0 + d * DAY + 6 * 3600_000));
      if (d === 100) {
        // The organizer drops one stand-up 10 days ahead.
        const inst = (await w.graph
          .api(`/users/${w.organizer}/events/${weekly.id}/instances`)
          .query({ startDateTime: day(108, 0).toISOString(), endDateTime: day(115, 0).toISOString() })
          .get()) as { value: { id: string; start: { dateTime: string } }[] };
        cancelledOccurrence = new Date(`${inst.value[0]!.start.dateTime}Z`).toISOString();
        await w.graph.api(`/users/${w.organizer}/events/${inst.value[0]!.id}`).delete();
      }
      if (d === 120)
        await w.graph
          .api(`/users/${w.organizer}/events/${planning.id}`)
          .patch({ start: gt(day(290, 13)), end: gt(day(290, 15)) });
      // Beyond the window the first delta link was made for (day 365): only a renewed window sees it.
      if (d === 200) await post("Far meeting", day(370, 11), 60, r0.upn);
      if (d === 240)
        await w.graph
          .api(`/users/${w.organizer}/events/${planning.id}`)
          .patch({ start: gt(day(400, 13)), end: gt(day(400, 15)) });
      if (d === 280)
        await createBooking(
          {
            roomId: r0.room.id,
            title: "Roomlink later",
            statusId: w.statuses.confirmed.id,
            startAt: day(300, 16),
            endAt: day(300, 17),
          },
          { actor },
        );
      renewed += (await step()).windowsRenewed;
    }
    // Each calendar's window was renewed about weekly (WINDOW_RENEW_DAYS), not never.
    expect(renewed).toBeGreaterThanOrEqual(2 * 40);

    // What the rooms hold now, from today to 60 days ahead: Outlook and Roomlink agree, both ways.
    const now = new Date();
    const until = new Date(now.getTime() + 60 * DAY);
    for (const r of [r0, r1])
      expect(await bookedStarts(r.room.id, now, until)).toEqual(await outlookStarts(r.upn, now, until));
    const ahead = await bookedStarts(r0.room.id, now, until);
    expect(ahead).toContain(day(370, 11).toISOString()); // found only through a renewed window
    expect(ahead).toContain(day(400, 13).toISOString()); // moved twice, the same booking, still live
    expect(ahead.filter((s) => new Date(s).getUTCHours() === 9).length).toBeGreaterThanOrEqual(8); // the open-ended series, extended

    // Nothing was cancelled but the one occurrence the organizer dropped; the past stayed as it was.
    const all = await w.t.db
      .select()
      .from(bookings)
      .where(inArray(bookings.roomId, [r0.room.id, r1.room.id]));
    const cancelled = all.filter((b) => b.statusId === w.statuses.cancelled.id).map((b) => b.startAt.toISOString());
    expect(cancelled).toEqual([cancelledOccurrence]);
    expect(all.filter((b) => b.title === "Roomlink series")).toHaveLength(30);
    expect(all.filter((b) => b.title === "Planning day").map((b) => b.startAt.toISOString())).toEqual([
      day(400, 13).toISOString(),
    ]);
  }, 600_000);
});

// A Roomlink series reaches the room's Outlook calendar as one recurring meeting: linked occurrence by
// occurrence, dates Roomlink does not book removed, single edits as exceptions, an occurrence moved past
// its neighbour on its own, the whole series deleted in one call, an extended series continued.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings, eventLinks, seriesLinks, syncLog, type Booking } from "@/db/schema";
import { cancelBooking, createBooking, extendSeries, updateBooking } from "@/lib/bookings/service";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { startSyncJobs } from "@/lib/sync/register";
import type { SandboxRequest } from "@/lib/sandbox/contracts";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { ruleToRecurrence } from "./shared";
import { processEvent } from "@/lib/sync/inbound/process";
import { processOutbound } from "@/lib/sync/outbound/process";
import { at } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { syncLogText, type SyncLogLine } from "@/lib/i18n/sync-log";

/** A sync-log line as an English-speaking admin reads it. */
const en = (l: SyncLogLine) => syncLogText(l, "en");

const DAY = 86_400_000;
const isoWeekday = (d: Date) => ((d.getUTCDay() + 6) % 7) + 1;
type GraphEvent = {
  id: string;
  type: string;
  subject: string;
  seriesMasterId?: string;
  start: { dateTime: string };
  end: { dateTime: string };
  recurrence?: { pattern: { type: string; daysOfWeek?: string[] }; range: { endDate?: string } } | null;
  onlineMeeting?: { joinUrl?: string } | null;
};
const utc = (v: { dateTime: string }) => new Date(`${v.dateTime.replace(/Z$/, "")}Z`).getTime();

describe("ruleToRecurrence", () => {
  it("writes each of our patterns as Graph's, ending on the last booked date in the room's zone", () => {
    const first = { date: "2027-03-01", weekday: 1 };
    const tz = "Europe/Amsterdam";
    expect(ruleToRecurrence({ frequency: "weekly", interval: 2, weekdays: [3, 1] }, first, "2027-06-30", tz)).toEqual({
      pattern: { type: "weekly", interval: 2, daysOfWeek: ["monday", "wednesday"], firstDayOfWeek: "monday" },
      range: { type: "endDate", startDate: "2027-03-01", endDate: "2027-06-30", recurrenceTimeZone: tz },
    });
    expect(
      ruleToRecurrence(
        { frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 12 },
        first,
        "2028-02-25",
        tz,
      ).pattern,
    ).toEqual({ type: "relativeMonthly", interval: 1, daysOfWeek: ["friday"], index: "last" });
    expect(
      ruleToRecurrence(
        { frequency: "monthly", interval: 1, monthWeek: { index: 1, weekday: 1, anyOf: [1, 2, 3, 4, 5] } },
        first,
        "2027-09-01",
        tz,
      ).pattern,
    ).toEqual({
      type: "relativeMonthly",
      interval: 1,
      daysOfWeek: ["monday", "tuesday", "wednesday", "thursday", "friday"],
      index: "first",
    });
    expect(
      ruleToRecurrence({ frequency: "yearly", interval: 1, month: 3, monthDay: 1 }, first, "2030-03-01", tz).pattern,
    ).toEqual({ type: "absoluteYearly", interval: 1, month: 3, dayOfMonth: 1 });
    expect(
      ruleToRecurrence({ frequency: "daily", interval: 3, until: "2027-04-01" }, first, "2027-03-31", tz).range.endDate,
    ).toBe("2027-03-31");
  });
});

describe.each(testDbKinds)("a Roomlink series in Outlook (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    await w.configure({ createTeamsLink: true });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const actor = () => w.actor();
  const get = (upn: string, id: string) => w.eventIn<GraphEvent>(upn, id);
  const instances = async (upn: string, masterId: string, from: Date, to: Date) =>
    (
      (await w.graph
        .api(`/users/${upn}/events/${masterId}/instances`)
        .query({ startDateTime: from.toISOString(), endDateTime: to.toISOString() })
        .get()) as { value: GraphEvent[] }
    ).value;
  const rows = async (groupId: string) =>
    (await w.t.db.select().from(bookings).where(eq(bookings.recurrenceGroupId, groupId))).sort(
      (a, b) => a.startAt.getTime() - b.startAt.getTime(),
    );
  const written = (groupId: string, n: number) =>
    w.waitFor(async () => {
      const r = await rows(groupId);
      return r.filter((b) => b.customFields.external_id).length >= n ? r : null;
    });
  const weekly = async (roomIndex: number, title: string, first: Date, count: number) => {
    const { bookings: made, group } = await createBooking(
      {
        roomId: w.rooms[roomIndex]!.room.id,
        title,
        statusId: w.statuses.confirmed.id,
        startAt: first,
        endAt: new Date(first.getTime() + 3600_000),
        recurrence: { frequency: "weekly", interval: 1, weekdays: [isoWeekday(first)], count },
      },
      { actor: actor() },
    );
    return { made, group: group! };
  };

  // Roomlink reads and stores immutable ids (Prefer: IdType="ImmutableId"); the test's client asks for the
  // default ids, so events are compared through what Roomlink stored, read back by that id.
  const instanceOf = async (upn: string, b: Booking) => {
    const id = (await w.t.db.select().from(bookings).where(eq(bookings.id, b.id)))[0]!.customFields.external_id;
    return id ? get(upn, id) : null;
  };
  const masterOf = async (groupId: string) =>
    w.waitFor(
      async () =>
        (
          await w.t.db
            .select()
            .from(seriesLinks)
            .where(and(eq(seriesLinks.groupId, groupId), eq(seriesLinks.complete, true)))
        )[0],
    );

  it("is written as one recurring meeting: every occurrence linked to its instance, one Teams link, one write", async () => {
    const room = w.rooms[0]!;
    const first = at(7, 9);
    const { made, group } = await weekly(0, "Weekly planning", first, 4);
    expect(made).toHaveLength(4);
    const done = await written(group.id, 4);
    const { masterEventId } = await masterOf(group.id);
    const master = (await get(room.upn, masterEventId))!;
    expect(master.type).toBe("seriesMaster");
    expect(master.recurrence?.pattern.type).toBe("weekly");
    expect(master.recurrence?.range.endDate).toBe(done[3]!.startAt.toISOString().slice(0, 10));
    const occ = await Promise.all(done.map((b) => instanceOf(room.upn, b)));
    expect(occ.map((e) => e?.type)).toEqual(["occurrence", "occurrence", "occurrence", "occurrence"]);
    expect(occ.map((e) => utc(e!.start))).toEqual(done.map((b) => b.startAt.getTime()));
    expect(occ.every((e) => e!.seriesMasterId === master.id && e!.subject === "Weekly planning")).toBe(true);
    expect(await instances(room.upn, master.id, first, new Date(first.getTime() + 30 * DAY))).toHaveLength(4);
    expect(master.onlineMeeting?.joinUrl).toBeTruthy();
    expect(new Set(done.map((b) => b.customFields.teams_link))).toEqual(new Set([master.onlineMeeting?.joinUrl]));
    // One POST for the series; the other occurrences' jobs find their link written at their version.
    await w.jobs.idle();
    const logged = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.eventId, masterEventId)));
    expect(logged.filter((l) => l.action === "create-series")).toHaveLength(1);
    expect(logged.filter((l) => l.action === "create-series").map(en)).toEqual([
      "Written as one Outlook series of 4 occurrences.",
    ]);
    const after = await Promise.all(done.map((b) => instanceOf(room.upn, b)));
    expect(after.every((e) => e?.type === "occurrence")).toBe(true); // nothing re-patched into exceptions
    // Our own series does not come back as bookings.
    expect((await w.bookingsOf(room.room.id)).filter((b) => b.title === "Weekly planning")).toHaveLength(4);
  });

  it("single edits become exceptions, a cancelled date leaves the series, a date moved past the next one gets its own event", async () => {
    const room = w.rooms[1]!;
    const first = at(8, 10);
    const { group } = await weekly(1, "Team sync", first, 4);
    const [b0, b1, b2, b3] = await written(group.id, 4);
    const { masterEventId } = await masterOf(group.id);
    const span = [first, new Date(first.getTime() + 30 * DAY)] as const;

    await updateBooking(
      {
        id: b1!.id,
        patch: {
          startAt: new Date(b1!.startAt.getTime() + 3600_000),
          endAt: new Date(b1!.endAt.getTime() + 3600_000),
          title: "Team sync (late)",
        },
      },
      { actor: actor() },
    );
    await cancelBooking({ id: b2!.id }, { actor: actor() });
    const late = await w.waitFor(async () => {
      const e = await instanceOf(room.upn, b1!);
      return e?.type === "exception" && (await get(room.upn, b2!.customFields.external_id!)) === null ? e : null;
    });
    expect(late.subject).toBe("Team sync (late)");
    expect(utc(late.start)).toBe(b1!.startAt.getTime() + 3600_000);
    expect(await instances(room.upn, masterEventId, ...span)).toHaveLength(3);

    // The first occurrence moved a week and a day: past the second one's day, which Exchange refuses for an occurrence.
    await updateBooking(
      {
        id: b0!.id,
        patch: { startAt: new Date(b0!.startAt.getTime() + 8 * DAY), endAt: new Date(b0!.endAt.getTime() + 8 * DAY) },
      },
      { actor: actor() },
    );
    const own = await w.waitFor(async () => {
      const ev = await instanceOf(room.upn, b0!);
      return ev?.type === "singleInstance" ? ev : null;
    });
    expect(utc(own.start)).toBe(b0!.startAt.getTime() + 8 * DAY);
    const left = await instances(room.upn, masterEventId, ...span);
    expect(left.map((i) => utc(i.start)).sort()).toEqual([b1!.startAt.getTime() + 3600_000, b3!.startAt.getTime()]);
    const log = await w.t.db
      .select()
      .from(syncLog)
      .where(
        and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.bookingId, b0!.id), eq(syncLog.action, "delete")),
      );
    expect(log.map(en)).toContain(
      "The occurrence moved past a neighbouring one: it is written as an event of its own.",
    );
    expect(log.map((l) => syncLogText(l, "nl"))).toContain(
      "De datum is voorbij een naburige datum van de reeks verzet en wordt daarom als losse afspraak geschreven.",
    );
  });

  it("an occurrence deleted in Outlook cancels that booking only", async () => {
    const room = w.rooms[1]!;
    const first = at(10, 16);
    const { group } = await weekly(1, "Retro", first, 3);
    const [b0, b1, b2] = await written(group.id, 3);
    await w.graph.api(`/users/${room.upn}/events/${String(b1!.customFields.external_id)}`).delete();
    const cancelled = w.statuses.cancelled.id;
    await w.waitFor(async () => (await rows(group.id)).find((b) => b.id === b1!.id)?.statusId === cancelled);
    await w.jobs.idle();
    const after = await rows(group.id);
    expect(after.filter((b) => b.statusId !== cancelled).map((b) => b.id)).toEqual([b0!.id, b2!.id]);
    expect((await instanceOf(room.upn, b0!))?.type).toBe("occurrence");
  });

  it("an occurrence moved in Outlook moves that booking only", async () => {
    const room = w.rooms[0]!;
    const first = at(11, 8);
    const { group } = await weekly(0, "Coffee", first, 3);
    const [b0, b1, b2] = await written(group.id, 3);
    const later = new Date(b1!.startAt.getTime() + 2 * 3600_000);
    await w.graph.api(`/users/${room.upn}/events/${String(b1!.customFields.external_id)}`).patch({
      start: { dateTime: later.toISOString().slice(0, 19), timeZone: "UTC" },
      end: { dateTime: new Date(later.getTime() + 3600_000).toISOString().slice(0, 19), timeZone: "UTC" },
    });
    await w.waitFor(
      async () => (await rows(group.id)).find((b) => b.id === b1!.id)?.startAt.getTime() === later.getTime(),
    );
    await w.jobs.idle();
    const after = await rows(group.id);
    expect(after.map((b) => b.startAt.getTime())).toEqual([
      b0!.startAt.getTime(),
      later.getTime(),
      b2!.startAt.getTime(),
    ]);
    expect(after.every((b) => b.statusId === w.statuses.confirmed.id)).toBe(true);
    expect((await instanceOf(room.upn, b1!))?.type).toBe("exception");
  });

  it("a write cut off between creating the master and linking it is finished by the next job, on the same master", async () => {
    const room = w.rooms[1]!;
    const first = at(12, 9);
    const { group } = await weekly(1, "Crash test", first, 4);
    const done = await written(group.id, 4);
    const { masterEventId, id } = await masterOf(group.id);
    // As a crash leaves it: the master in Outlook and recorded, nothing linked. Meanwhile one date is cancelled.
    await w.jobs.stop();
    await w.t.db.delete(eventLinks).where(eq(eventLinks.seriesMasterId, masterEventId));
    await w.t.db.update(seriesLinks).set({ complete: false }).where(eq(seriesLinks.id, id));
    await cancelBooking({ id: done[2]!.id }, { actor: actor() });
    w.jobs = startSyncJobs({ pollMs: 100 });
    await processOutbound(done[0]!.id, w.integrationId);
    await w.jobs.idle();
    const masters = await w.t.db.select().from(seriesLinks).where(eq(seriesLinks.groupId, group.id));
    expect(masters.map((m) => [m.masterEventId, m.complete])).toEqual([[masterEventId, true]]);
    const links = await w.t.db.select().from(eventLinks).where(eq(eventLinks.seriesMasterId, masterEventId));
    expect(links.map((l) => l.bookingId).sort()).toEqual([done[0]!.id, done[1]!.id, done[3]!.id].sort());
    expect(await instances(room.upn, masterEventId, first, new Date(first.getTime() + 30 * DAY))).toHaveLength(3);
    const log = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.eventId, masterEventId), eq(syncLog.action, "create-series")));
    expect(log.map(en)).toContain(
      "Finished writing one Outlook series of 3 occurrences; 1 date not booked in Roomlink removed from it.",
    );
  });

  it("a new title for every occurrence is one write to the master; an occurrence moved earlier keeps its time and takes the title", async () => {
    const room = w.rooms[0]!;
    const first = at(13, 12);
    const { group } = await weekly(0, "Lunch talk", first, 4);
    const [b0, b1] = await written(group.id, 4);
    const { masterEventId } = await masterOf(group.id);
    const later = new Date(b1!.startAt.getTime() + 3600_000);
    await updateBooking(
      { id: b1!.id, patch: { startAt: later, endAt: new Date(later.getTime() + 3600_000) } },
      { actor: actor() },
    );
    await w.waitFor(async () => (await instanceOf(room.upn, b1!))?.type === "exception");
    await w.jobs.idle();

    await updateBooking({ id: b0!.id, scope: "all", patch: { title: "Lunch talk (new speaker)" } }, { actor: actor() });
    await w.waitFor(async () => (await get(room.upn, masterEventId))?.subject === "Lunch talk (new speaker)");
    await w.jobs.idle();
    const all = await rows(group.id);
    const occ = await Promise.all(all.map((b) => instanceOf(room.upn, b)));
    expect(occ.map((e) => e?.subject)).toEqual(all.map(() => "Lunch talk (new speaker)"));
    expect(occ.map((e) => e?.type)).toEqual(["occurrence", "exception", "occurrence", "occurrence"]);
    expect(utc(occ[1]!.start)).toBe(later.getTime());
    const log = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.eventId, masterEventId)));
    expect(log.filter((l) => l.action === "update-series").map(en)).toEqual([
      "Changed for the whole series in one write; 1 occurrence with its own time or content written on its own.",
    ]);
    const perOccurrence = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.action, "update")));
    expect(
      perOccurrence.filter(
        (l) => all.some((b) => b.id === l.bookingId) && l.at > log.find((x) => x.action === "update-series")!.at,
      ),
    ).toEqual([]);
  });

  it("an 'all occurrences' time change is one change to the Outlook series: dates not booked stay out, exceptions keep their own", async () => {
    const room = w.rooms[0]!;
    const first = at(17, 9);
    const { group } = await weekly(0, "Design review", first, 4);
    const [b0, b1, b2, b3] = await written(group.id, 4);
    const { masterEventId } = await masterOf(group.id);
    // One date cancelled (it leaves the series), one with a title of its own (an exception).
    await cancelBooking({ id: b2!.id }, { actor: actor() });
    await updateBooking({ id: b1!.id, patch: { title: "Design review (guests)" } }, { actor: actor() });
    await w.waitFor(async () => (await instanceOf(room.upn, b1!))?.type === "exception");
    await w.jobs.idle();
    const before = new Date();

    // Every occurrence two hours later.
    await updateBooking(
      { id: b0!.id, scope: "all", patch: { startAt: at(17, 11), endAt: at(17, 12) } },
      { actor: actor() },
    );
    const master = await w.waitFor(async () => {
      const m = await get(room.upn, masterEventId);
      return m && utc(m.start) === at(17, 11).getTime() ? m : null;
    });
    await w.jobs.idle();
    expect(master.recurrence?.pattern.type).toBe("weekly");
    const live = (await rows(group.id)).filter((b) => b.id !== b2!.id);
    expect(live.map((b) => b.startAt.getTime())).toEqual([0, 7, 21].map((d) => at(17 + d, 11).getTime()));
    // Each booking is linked to its new instance, at its new time; the cancelled date did not come back.
    const occ = await Promise.all(live.map((b) => instanceOf(room.upn, b)));
    expect(occ.map((e) => e && utc(e.start))).toEqual(live.map((b) => b.startAt.getTime()));
    expect(occ.map((e) => e?.seriesMasterId)).toEqual(live.map(() => master.id));
    expect(occ.map((e) => e?.subject)).toEqual(["Design review", "Design review (guests)", "Design review"]);
    expect(occ.map((e) => e?.type)).toEqual(["occurrence", "exception", "occurrence"]);
    expect(
      (await instances(room.upn, masterEventId, first, new Date(first.getTime() + 30 * DAY)))
        .map((i) => utc(i.start))
        .sort(),
    ).toEqual(live.map((b) => b.startAt.getTime()));
    // One write to the series, logged once; no occurrence written on its own, no booking cancelled or rewritten.
    const log = (await w.t.db.select().from(syncLog).where(eq(syncLog.integrationId, w.integrationId))).filter(
      (l) => l.at >= before,
    );
    expect(log.filter((l) => l.action === "update-series").map(en)).toEqual([
      "The whole series was rescheduled: one change to the Outlook series' times; 1 date not booked in Roomlink removed again; 1 occurrence with its own time or content written on its own.",
    ]);
    expect(
      log.filter(
        (l) =>
          ["update", "cancel", "series-changed", "create", "create-series"].includes(l.action) &&
          (l.eventId === masterEventId || live.some((b) => b.id === l.bookingId)),
      ),
    ).toEqual([]);
    expect((await rows(group.id)).map((b) => b.statusId)).toEqual([
      w.statuses.confirmed.id,
      w.statuses.confirmed.id,
      w.statuses.cancelled.id,
      w.statuses.confirmed.id,
    ]);

    // The new links are live: a later single edit patches the right instance.
    await updateBooking({ id: b3!.id, patch: { title: "Design review (final)" } }, { actor: actor() });
    await w.waitFor(async () => (await instanceOf(room.upn, b3!))?.subject === "Design review (final)");
    expect(utc((await instanceOf(room.upn, b3!))!.start)).toBe(at(38, 11).getTime());
  });

  it("a longer meeting for all occurrences is one change to the Outlook series' end time", async () => {
    const room = w.rooms[0]!;
    const first = at(19, 16);
    const { group } = await weekly(0, "Long read", first, 3);
    const [b0] = await written(group.id, 3);
    const { masterEventId } = await masterOf(group.id);
    await w.jobs.idle();
    const before = new Date();
    await updateBooking(
      { id: b0!.id, scope: "all", patch: { startAt: first, endAt: new Date(first.getTime() + 90 * 60_000) } },
      { actor: actor() },
    );
    const master = await w.waitFor(async () => {
      const m = await get(room.upn, masterEventId);
      return m && utc(m.end) === first.getTime() + 90 * 60_000 ? m : null;
    });
    await w.jobs.idle();
    expect(utc(master.start)).toBe(first.getTime());
    const all = await rows(group.id);
    const occ = await Promise.all(all.map((b) => instanceOf(room.upn, b)));
    expect(occ.map((e) => e && [e.type, utc(e.start), utc(e.end)])).toEqual(
      all.map((b) => ["occurrence", b.startAt.getTime(), b.startAt.getTime() + 90 * 60_000]),
    );
    const log = (await w.t.db.select().from(syncLog).where(eq(syncLog.integrationId, w.integrationId))).filter(
      (l) => l.at >= before && all.some((b) => b.id === l.bookingId),
    );
    expect(log.map((l) => [l.action, en(l)])).toEqual([
      ["update-series", "The whole series was rescheduled: one change to the Outlook series' times."],
    ]);
  });

  it("a move cut off after the master's write is finished by the next try: every link moved, nothing cancelled", async () => {
    const room = w.rooms[1]!;
    const first = at(21, 6);
    const { group } = await weekly(1, "Cut-off move", first, 3);
    const done = await written(group.id, 3);
    const { masterEventId } = await masterOf(group.id);
    await w.jobs.idle();
    // Listing the instances right after the master's write fails once, as a crash there would leave it:
    // the series moved in Outlook, its old occurrences gone, the links not yet moved.
    const graph = w.sb.graph as SandboxGraphService;
    const handle = graph.handle.bind(graph);
    let patched = false;
    let failed = 0;
    graph.handle = (req: SandboxRequest) => {
      if (req.method === "PATCH" && req.url.pathname.endsWith(`/events/${masterEventId}`)) patched = true;
      else if (patched && !failed && req.url.pathname.endsWith("/instances")) {
        failed++;
        return Promise.resolve({
          status: 500,
          body: { error: { code: "UnknownError", message: "An internal server error occurred." } },
        });
      }
      return handle(req);
    };
    try {
      await updateBooking(
        { id: done[0]!.id, scope: "all", patch: { startAt: at(21, 13), endAt: at(21, 14) } },
        { actor: actor() },
      );
      const moved = await w.waitFor(async () => {
        const r = await rows(group.id);
        const occ = await Promise.all(r.map((b) => instanceOf(room.upn, b)));
        return occ.every(
          (e, i) => e && utc(e.start) === r[i]!.startAt.getTime() && e.seriesMasterId === occ[0]!.seriesMasterId,
        )
          ? r
          : null;
      }, 15_000);
      await w.jobs.idle();
      expect(failed).toBe(1);
      expect(moved.map((b) => b.startAt.getTime())).toEqual([0, 7, 14].map((d) => at(21 + d, 13).getTime()));
      expect(moved.every((b) => b.statusId === w.statuses.confirmed.id)).toBe(true);
      expect(await instances(room.upn, masterEventId, first, new Date(first.getTime() + 30 * DAY))).toHaveLength(3);
      const log = await w.t.db
        .select()
        .from(syncLog)
        .where(and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.eventId, masterEventId)));
      expect(log.filter((l) => l.action === "update-series").map(en)).toEqual([
        "The whole series was rescheduled: one change to the Outlook series' times.",
      ]);
      expect(log.filter((l) => l.action === "series-changed")).toEqual([]);
    } finally {
      graph.handle = handle;
    }
  });

  it("a series moved as a whole in Outlook keeps its bookings: Roomlink writes it again as booked", async () => {
    const room = w.rooms[1]!;
    const first = at(15, 14);
    const { group } = await weekly(1, "Steering group", first, 3);
    const done = await written(group.id, 3);
    const { masterEventId } = await masterOf(group.id);
    const later = new Date(first.getTime() + 2 * 3600_000);
    await w.graph.api(`/users/${room.upn}/events/${masterEventId}`).patch({
      start: { dateTime: later.toISOString().slice(0, 19), timeZone: "UTC" },
      end: { dateTime: new Date(later.getTime() + 3600_000).toISOString().slice(0, 19), timeZone: "UTC" },
    });
    const again = await w.waitFor(async () => {
      const m = (
        await w.t.db
          .select()
          .from(seriesLinks)
          .where(and(eq(seriesLinks.groupId, group.id), eq(seriesLinks.complete, true)))
      )[0];
      return m && m.masterEventId !== masterEventId ? m : null;
    });
    await w.jobs.idle();
    expect(await get(room.upn, masterEventId)).toBeNull();
    const after = await rows(group.id);
    expect(after.map((b) => [b.statusId, b.startAt.getTime()])).toEqual(
      done.map((b) => [w.statuses.confirmed.id, b.startAt.getTime()]),
    );
    const occ = await Promise.all(after.map((b) => instanceOf(room.upn, b)));
    expect(occ.map((e) => [e?.seriesMasterId, utc(e!.start)])).toEqual(
      after.map((b) => [expect.any(String) as unknown, b.startAt.getTime()]),
    );
    expect(new Set(occ.map((e) => e!.seriesMasterId)).size).toBe(1);
    expect(again.masterEventId).not.toBe(masterEventId);
    const [entry] = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.action, "series-changed")));
    expect(entry && en(entry)).toMatch(/moved or given another pattern in Outlook/);
  });

  it("when delta reports the old occurrences of a series moved in Outlook removed, its bookings are kept, not cancelled", async () => {
    const room = w.rooms[0]!;
    const first = at(16, 7);
    const { group } = await weekly(0, "Early bird", first, 3);
    const done = await written(group.id, 3);
    const { masterEventId } = await masterOf(group.id);
    await w.jobs.stop();
    try {
      const later = new Date(first.getTime() + 3600_000);
      await w.graph.api(`/users/${room.upn}/events/${masterEventId}`).patch({
        start: { dateTime: later.toISOString().slice(0, 19), timeZone: "UTC" },
        end: { dateTime: new Date(later.getTime() + 3600_000).toISOString().slice(0, 19), timeZone: "UTC" },
      });
      // As Graph's delta reports an occurrence the move took away.
      expect(
        await processEvent(
          { integrationId: w.integrationId, mailbox: room.upn, eventId: done[1]!.customFields.external_id! },
          null,
        ),
      ).toEqual({ kind: "rewritten" });
    } finally {
      w.jobs = startSyncJobs({ pollMs: 100 });
    }
    await w.waitFor(async () => {
      const m = (
        await w.t.db
          .select()
          .from(seriesLinks)
          .where(and(eq(seriesLinks.groupId, group.id), eq(seriesLinks.complete, true)))
      )[0];
      return m && m.masterEventId !== masterEventId;
    });
    await w.jobs.idle();
    expect((await rows(group.id)).map((b) => [b.statusId, b.startAt.getTime()])).toEqual(
      done.map((b) => [w.statuses.confirmed.id, b.startAt.getTime()]),
    );
  });

  it("cancelling the whole series deletes the Outlook series in one call", async () => {
    const room = w.rooms[0]!;
    const first = at(9, 13);
    const { group } = await weekly(0, "Board prep", first, 5);
    await written(group.id, 5);
    const { masterEventId } = await masterOf(group.id);
    const [one] = await rows(group.id);
    await cancelBooking({ id: one!.id, scope: "all" }, { actor: actor() });
    await w.waitFor(async () => (await get(room.upn, masterEventId)) === null);
    await w.jobs.idle();
    expect(await w.t.db.select().from(eventLinks).where(eq(eventLinks.seriesMasterId, masterEventId))).toEqual([]);
    const deletes = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.eventId, masterEventId)));
    expect(deletes.filter((l) => l.action === "delete-series")).toHaveLength(1);
    expect(deletes.filter((l) => l.action === "delete")).toHaveLength(0); // no instance deleted one by one
    expect(await w.t.db.select().from(seriesLinks).where(eq(seriesLinks.groupId, group.id))).toEqual([]);
  });

  it("a series with no end continues as a further Outlook series when Roomlink books more of it", async () => {
    const room = w.rooms[1]!;
    const first = at(1, 15);
    const { made, group } = await createBooking(
      {
        roomId: room.room.id,
        title: "Open-ended",
        statusId: w.statuses.confirmed.id,
        startAt: first,
        endAt: new Date(first.getTime() + 1800_000),
        recurrence: { frequency: "weekly", interval: 4, weekdays: [isoWeekday(first)] },
      },
      { actor: actor() },
    ).then((r) => ({ made: r.bookings, group: r.group! }));
    expect(group.truncatedAt).toBeTruthy();
    await written(group.id, made.length);
    const firstMaster = await masterOf(group.id);
    expect((await get(room.upn, firstMaster.masterEventId))!.recurrence!.range.endDate).toBe(
      made.at(-1)!.startAt.toISOString().slice(0, 10),
    );

    const more = await extendSeries(group.id, { actor: actor(), now: new Date(Date.now() + 120 * DAY) });
    expect(more.created.length).toBeGreaterThan(0);
    const all = await written(group.id, made.length + more.created.length);
    const masters = await w.waitFor(async () => {
      const m = await w.t.db.select().from(seriesLinks).where(eq(seriesLinks.groupId, group.id));
      return m.length === 2 && m.every((x) => x.complete) ? m : null;
    });
    const second = masters.find((m) => m.id !== firstMaster.id)!;
    expect(second.firstOriginalAt.getTime()).toBe(more.created[0]!.startAt.getTime());
    expect((await get(room.upn, second.masterEventId))!.recurrence!.range.endDate).toBe(
      more.created.at(-1)!.startAt.toISOString().slice(0, 10),
    );
    const occ = await Promise.all(all.map((b) => instanceOf(room.upn, b)));
    expect(occ.map((e) => e?.type)).toEqual(all.map(() => "occurrence"));
  });
});

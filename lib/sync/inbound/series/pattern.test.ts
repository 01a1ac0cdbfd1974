// A series whose pattern changes in Outlook: other weekdays and more occurrences are booked as new
// occurrences of the same group (the existing ones keep their ids), dates the new pattern drops are
// cancelled, and a new date that clashes refuses the whole change with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { recurrenceGroups, syncLog } from "@/db/schema";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { at, gt, type Ev } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { syncLogText } from "@/lib/i18n/sync-log";
import { truncationText } from "@/lib/bookings/truncation";

const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const day = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;

describe.each(testDbKinds)("series pattern changes from Outlook (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const room = () => w.rooms[0]!;
  const weekly = (first: Date, days: Date[], n: number) => ({
    pattern: {
      type: "weekly",
      interval: 1,
      daysOfWeek: days.map((d) => WEEKDAYS[d.getUTCDay()]),
      firstDayOfWeek: "sunday",
    },
    range: { type: "numbered", startDate: day(first), numberOfOccurrences: n, recurrenceTimeZone: "UTC" },
  });
  const roomAnswer = async (id: string) =>
    ((await w.graph.api(`/users/${w.organizer}/events/${id}`).get()) as Ev).attendees.find(
      (a) => a.emailAddress.address.toLowerCase() === room().upn.toLowerCase(),
    )?.status?.response;
  const live = async (title: string) =>
    (await w.bookingsOf(room().room.id)).filter((b) => b.title === title && b.statusId !== w.statuses.cancelled.id);
  const starts = async (title: string) => (await live(title)).map((b) => b.startAt.getTime());
  const lastLog = async () =>
    (
      await w.t.db
        .select()
        .from(syncLog)
        .where(and(eq(syncLog.action, "update-series"), eq(syncLog.mailbox, room().upn)))
        .orderBy(desc(syncLog.id))
        .limit(1)
    )[0];
  const series = async (title: string, first: Date, n: number) => {
    const ev = (await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: title,
      start: gt(first),
      end: gt(new Date(first.getTime() + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: room().upn } }],
      recurrence: weekly(first, [first], n),
    })) as Ev;
    const rows = await w.waitFor(async () => {
      const r = await live(title);
      return r.length === n ? r : null;
    });
    await w.waitFor(async () => (await roomAnswer(ev.id)) === "accepted");
    await w.jobs.idle();
    return { ev, rows };
  };

  it("another weekday and more occurrences: the new dates are booked in the same series, the old ones keep their bookings", async () => {
    const first = at(30, 9);
    const next = new Date(first.getTime() + DAY);
    const { ev, rows } = await series("Planning", first, 2);
    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).patch({ recurrence: weekly(first, [first, next], 5) });
    await w.waitFor(async () => (await live("Planning")).length === 5);
    const now = await live("Planning");
    expect(now.map((b) => b.startAt.getTime())).toEqual([0, 1, 7, 8, 14].map((d) => first.getTime() + d * DAY));
    // One series, the first bookings untouched.
    expect(new Set(now.map((b) => b.recurrenceGroupId))).toEqual(new Set([rows[0]!.recurrenceGroupId]));
    expect(now.filter((b) => rows.some((r) => r.id === b.id)).map((b) => b.startAt.getTime())).toEqual(
      rows.map((r) => r.startAt.getTime()),
    );
    const [g] = await w.t.db
      .select()
      .from(recurrenceGroups)
      .where(eq(recurrenceGroups.id, rows[0]!.recurrenceGroupId!));
    expect(g!.rule).toMatchObject({
      frequency: "weekly",
      count: 5,
      weekdays: [first.getUTCDay() || 7, next.getUTCDay() || 7].sort(),
    });
    const added = await lastLog();
    expect(added && syncLogText(added, "en")).toBe("New pattern: 3 occurrences added");
    expect(added && syncLogText(added, "nl")).toBe("Nieuw patroon: 3 datums toegevoegd");
    await w.waitFor(async () => (await roomAnswer(ev.id)) === "accepted");

    // Fewer occurrences again: the dates the pattern no longer has are cancelled.
    await w.jobs.idle();
    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).patch({ recurrence: weekly(first, [first, next], 3) });
    await w.waitFor(async () => (await live("Planning")).length === 3);
    expect(await starts("Planning")).toEqual([0, 1, 7].map((d) => first.getTime() + d * DAY));
  });

  it("a pattern changed to no end date books Outlook's dates ahead, and the series says how far in the reader's language", async () => {
    const first = at(90, 15);
    const { ev, rows } = await series("Open forum", first, 2);
    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).patch({
      recurrence: {
        ...weekly(first, [first], 2),
        range: { type: "noEnd", startDate: day(first), recurrenceTimeZone: "UTC" },
      },
    });
    const g = await w.waitFor(async () => {
      const [g] = await w.t.db
        .select()
        .from(recurrenceGroups)
        .where(eq(recurrenceGroups.id, rows[0]!.recurrenceGroupId!));
      return g?.truncationCode ? g : null;
    });
    expect(g.truncationCode).toBe("open_ended");
    expect(truncationText(g, "en")).toMatch(
      /^This series has no end date; occurrences are booked \d+ days ahead, up to \d{4}-\d\d-\d\d\. /,
    );
    expect(truncationText(g, "nl")).toMatch(
      /^Deze reeks heeft geen einddatum; datums zijn \d+ dagen vooruit geboekt, tot en met \d{4}-\d\d-\d\d\. /,
    );
    expect((await live("Open forum")).length).toBeGreaterThan(2);
  });

  it('"this and following" in Outlook (the series ends earlier, a new one takes over): two series, each date booked once', async () => {
    const first = at(70, 9);
    const { ev, rows } = await series("Sync-up", first, 4);
    const third = new Date(first.getTime() + 14 * DAY);
    // What Outlook sends: the old series now ends the day before the third meeting …
    await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).patch({
      recurrence: {
        ...weekly(first, [first], 4),
        range: {
          type: "endDate",
          startDate: day(first),
          endDate: day(new Date(third.getTime() - DAY)),
          recurrenceTimeZone: "UTC",
        },
      },
    });
    // … and a new series starts there, an hour later.
    const later = new Date(third.getTime() + 3600_000);
    await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "Sync-up",
      start: gt(later),
      end: gt(new Date(later.getTime() + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: room().upn } }],
      recurrence: weekly(later, [later], 2),
    });
    await w.waitFor(async () => {
      const r = await live("Sync-up");
      return r.length === 4 && new Set(r.map((b) => b.recurrenceGroupId)).size === 2;
    });
    const now = await live("Sync-up");
    expect(now.map((b) => b.startAt.getTime())).toEqual([
      first.getTime(),
      first.getTime() + 7 * DAY,
      later.getTime(),
      later.getTime() + 7 * DAY,
    ]);
    expect(now.slice(0, 2).map((b) => b.id)).toEqual(rows.slice(0, 2).map((b) => b.id));
  });

  it("a new date that clashes refuses the change: every date stays as booked and the room says why", async () => {
    const first = at(50, 13);
    const { ev } = await series("Review", first, 2);
    // Another meeting holds the day after the first.
    const blocker = (await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "Blocker",
      start: gt(new Date(first.getTime() + DAY)),
      end: gt(new Date(first.getTime() + DAY + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: room().upn } }],
    })) as Ev;
    await w.waitFor(async () => (await live("Blocker")).length === 1);
    await w.waitFor(async () => (await roomAnswer(blocker.id)) === "accepted");
    await w.jobs.idle();

    await w.graph
      .api(`/users/${w.organizer}/events/${ev.id}`)
      .patch({ recurrence: weekly(first, [first, new Date(first.getTime() + DAY)], 4) });
    const refused = await w.waitFor(async () => {
      const e = await lastLog();
      return e?.outcome === "rejected" ? e : null;
    });
    expect(syncLogText(refused, "en")).toMatch(/^New pattern refused, original dates kept: .* is booked/);
    expect(syncLogText(refused, "nl")).toMatch(
      /^Nieuw patroon geweigerd, oorspronkelijke datums behouden: .* is bezet/,
    );
    await w.waitFor(async () => (await roomAnswer(ev.id)) === "tentativelyAccepted");
    expect(await starts("Review")).toEqual([0, 7].map((d) => first.getTime() + d * DAY));
  });
});

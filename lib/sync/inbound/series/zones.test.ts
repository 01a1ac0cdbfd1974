// Outlook series in one zone, rooms in another: every pair of {Eastern, Pacific, W. Europe, India,
// AUS Eastern} Standard Time, weekly from March to late November so both DST changes of every zone
// fall inside, end to end against the sandbox through the real SDKs. Every Outlook instance must be
// booked at its own time and none cancelled (expanding in the room's zone used to cancel the weeks
// between the two zones' DST changes).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { findIana } from "windows-iana";
import { testDbKinds } from "@/db/testing";
import { recurrenceGroups, rooms } from "@/db/schema";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

const ZONES: Record<string, string> = {
  "Eastern Standard Time": "America/New_York",
  "Pacific Standard Time": "America/Los_Angeles",
  "W. Europe Standard Time": "Europe/Amsterdam",
  "India Standard Time": "Asia/Kolkata",
  "AUS Eastern Standard Time": "Australia/Sydney",
};
const PAIRS = Object.keys(ZONES).flatMap((series) =>
  Object.entries(ZONES)
    .filter(([w]) => w !== series)
    .map(([, room]) => ({ series, room })),
);
const YEAR = new Date().getUTCFullYear() + 1;
/** The first Monday of March next year: 39 weeks run past every zone's autumn change (AUS: April and October). */
const firstMonday = (() => {
  const d = new Date(Date.UTC(YEAR, 2, 1));
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
})();

describe.each(testDbKinds)("series in their own time zone (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    // Any hour of the day is bookable: 09:00 in Sydney is night in Amsterdam.
    for (const r of w.rooms)
      await w.t.db.update(rooms).set({ bookableFrom: "00:00", bookableUntil: "00:00" }).where(eq(rooms.id, r.room.id));
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it.each(PAIRS.map((p, n) => ({ ...p, n })))(
    "a weekly $series series in a $room room: every instance booked at its time (pair $n)",
    async ({ series, room: roomZone, n }) => {
      const target = w.rooms[n % 2]!;
      await w.t.db.update(rooms).set({ timeZone: roomZone }).where(eq(rooms.id, target.room.id));
      const subject = `Zones ${n} ${series}`;
      // Half of them name recurrenceTimeZone, half leave it to the start's zone (Graph: "if not specified, the time zone of the event is used").
      const created = (await w.graph.api(`/users/${w.organizer}/events`).post({
        subject,
        start: { dateTime: `${firstMonday}T09:00:00`, timeZone: series },
        end: { dateTime: `${firstMonday}T09:30:00`, timeZone: series },
        attendees: [{ type: "resource", emailAddress: { address: target.upn } }],
        recurrence: {
          pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"], firstDayOfWeek: "sunday" },
          range: {
            type: "numbered",
            startDate: firstMonday,
            numberOfOccurrences: 39,
            ...(n % 2 ? { recurrenceTimeZone: series } : {}),
          },
        },
      })) as { id: string };
      const page = (await w.graph
        .api(
          `/users/${w.organizer}/events/${created.id}/instances?startDateTime=${YEAR}-02-01T00:00:00Z&endDateTime=${YEAR + 1}-01-31T00:00:00Z&$top=100`,
        )
        .get()) as {
        value: { start: { dateTime: string } }[];
      };
      const outlook = page.value.map((i) => new Date(`${i.start.dateTime.slice(0, 19)}Z`).toISOString()).sort();
      expect(outlook).toHaveLength(39);
      const booked = await w.waitFor(async () => {
        const all = (await w.bookingsOf(target.room.id)).filter((b) => b.title === subject);
        return all.length === 39 ? all : null;
      }, 30_000);
      // Settled: the master's instances were applied after the group was written.
      await new Promise((r) => setTimeout(r, 300));
      const now = (await w.bookingsOf(target.room.id)).filter((b) => b.title === subject);
      expect(now.filter((b) => b.statusId === w.statuses.cancelled.id).map((b) => b.startAt.toISOString())).toEqual([]);
      expect(now.map((b) => b.startAt.toISOString()).sort()).toEqual(outlook);
      const [group] = await w.t.db
        .select()
        .from(recurrenceGroups)
        .where(eq(recurrenceGroups.id, booked[0]!.recurrenceGroupId!));
      // Stored as windows-iana's first IANA name for the Windows zone (W. Europe → Europe/Berlin).
      expect(group!.timeZone).toBe(findIana(series)[0]);
      expect(group!.firstStartLocal).toBe(`${firstMonday}T09:00`);
      // The next pair books the same room at the same hours: the series goes, as its cancellation arrives.
      await w.graph.api(`/users/${w.organizer}/events/${created.id}`).delete();
      await w.waitFor(
        async () =>
          (await w.bookingsOf(target.room.id)).every(
            (b) => b.title !== subject || b.statusId === w.statuses.cancelled.id,
          ),
        30_000,
      );
    },
    60_000,
  );
});

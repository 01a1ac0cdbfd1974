// Recurrence through graph-client: DST-correct weekly series (Europe/Amsterdam), relative monthly
// dates checked against independently computed ones, exceptions, cancelled occurrences, master edits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { type EventJson, type Fixture, type Page, startFixture } from "./test-support";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.sb.close();
});

async function view(mailbox: string, from: string, to: string, prefer?: string): Promise<EventJson[]> {
  let req = f.client.api(`/users/${mailbox}/calendarView`).query({ startDateTime: from, endDateTime: to }).top(100);
  if (prefer) req = req.header("Prefer", prefer);
  return (await req.get<Page<EventJson>>()).value;
}

/** Last Friday of a month, computed with plain Date arithmetic (independent of the sandbox's rrule path). */
function lastFriday(year: number, month0: number): string {
  const d = new Date(Date.UTC(year, month0 + 1, 0));
  while (d.getUTCDay() !== 5) d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

describe("recurrence", () => {
  it("keeps 09:00 Amsterdam wall time across the DST change in a weekly series", async () => {
    const u = f.users[0];
    const master = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Weekly sync",
      start: { dateTime: "2030-03-18T09:00:00", timeZone: "Europe/Amsterdam" },
      end: { dateTime: "2030-03-18T09:30:00", timeZone: "Europe/Amsterdam" },
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"], firstDayOfWeek: "monday" },
        range: {
          type: "numbered",
          startDate: "2030-03-18",
          numberOfOccurrences: 4,
          recurrenceTimeZone: "W. Europe Standard Time",
        },
      },
    });
    expect(master.type).toBe("seriesMaster");
    const utc = await view(u.id, "2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z");
    const mine = utc.filter((e) => e.seriesMasterId === master.id);
    // CET (+01:00) until 2030-03-31 01:00Z, CEST (+02:00) after: 09:00 local = 08:00Z then 07:00Z.
    expect(mine.map((e) => e.start.dateTime)).toEqual([
      "2030-03-18T08:00:00.0000000",
      "2030-03-25T08:00:00.0000000",
      "2030-04-01T07:00:00.0000000",
      "2030-04-08T07:00:00.0000000",
    ]);
    const local = (
      await view(u.id, "2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z", 'outlook.timezone="Europe/Amsterdam"')
    ).filter((e) => e.seriesMasterId === master.id);
    expect(
      local.every((e) => e.start.dateTime.slice(11, 16) === "09:00" && e.end.dateTime.slice(11, 16) === "09:30"),
    ).toBe(true);
    expect(mine.every((e) => e.type === "occurrence")).toBe(true);
  });

  it("expands relativeMonthly (last Friday) to independently computed dates", async () => {
    const u = f.users[1];
    const master = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Month close",
      start: { dateTime: "2031-01-31T14:00:00", timeZone: "UTC" },
      end: { dateTime: "2031-01-31T15:00:00", timeZone: "UTC" },
      recurrence: {
        pattern: { type: "relativeMonthly", interval: 1, daysOfWeek: ["friday"], index: "last" },
        range: { type: "endDate", startDate: "2031-01-01", endDate: "2031-06-30" },
      },
    });
    const got = (await view(u.id, "2031-01-01T00:00:00Z", "2031-12-31T00:00:00Z")).filter(
      (e) => e.seriesMasterId === master.id,
    );
    const expected = [0, 1, 2, 3, 4, 5].map((m) => `${lastFriday(2031, m)}T14:00:00.0000000`);
    expect(got.map((e) => e.start.dateTime)).toEqual(expected);
  });

  it("handles exceptions, cancelled occurrences and edits to the master", async () => {
    const u = f.users[0];
    const master = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Daily stand-up",
      start: { dateTime: "2032-06-07T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2032-06-07T09:15:00", timeZone: "UTC" },
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: "2032-06-07", numberOfOccurrences: 5 },
      },
    });
    const inst = await f.client
      .api(`/users/${u.id}/events/${master.id}/instances`)
      .query({ startDateTime: "2032-06-01T00:00:00Z", endDateTime: "2032-07-01T00:00:00Z" })
      .get<Page<EventJson>>();
    expect(inst.value).toHaveLength(5);
    const second = must(inst.value[1], "second occurrence");
    const third = must(inst.value[2], "third occurrence");

    const moved = await f.client.api(`/users/${u.id}/events/${second.id}`).patch<EventJson>({
      subject: "Stand-up (late)",
      start: { dateTime: "2032-06-08T11:00:00", timeZone: "UTC" },
      end: { dateTime: "2032-06-08T11:15:00", timeZone: "UTC" },
    });
    expect(moved.type).toBe("exception");
    expect(moved.id).toBe(second.id);
    expect(moved.start.dateTime).toBe("2032-06-08T11:00:00.0000000");

    await f.client.api(`/users/${u.id}/events/${third.id}`).delete();
    await expect(f.client.api(`/users/${u.id}/events/${third.id}`).get()).rejects.toMatchObject({ statusCode: 404 });

    const after = (await view(u.id, "2032-06-01T00:00:00Z", "2032-07-01T00:00:00Z")).filter(
      (e) => e.seriesMasterId === master.id,
    );
    expect(after).toHaveLength(4);
    expect(after.find((e) => e.id === second.id)?.type).toBe("exception");
    // cancelledOccurrences is returned only on $select (event resource doc).
    expect(
      (await f.client.api(`/users/${u.id}/events/${master.id}`).get<EventJson>()).cancelledOccurrences,
    ).toBeUndefined();
    const m = await f.client
      .api(`/users/${u.id}/events/${master.id}`)
      .select("cancelledOccurrences")
      .get<Pick<EventJson, "cancelledOccurrences">>();
    expect(m.cancelledOccurrences).toHaveLength(1);

    await f.client.api(`/users/${u.id}/events/${master.id}`).patch({ subject: "Team stand-up" });
    const renamed = (await view(u.id, "2032-06-01T00:00:00Z", "2032-07-01T00:00:00Z")).filter(
      (e) => e.seriesMasterId === master.id,
    );
    expect(renamed.filter((e) => e.type === "occurrence").every((e) => e.subject === "Team stand-up")).toBe(true);
    expect(renamed.find((e) => e.id === second.id)?.subject).toBe("Stand-up (late)");
  });

  it("refuses to move an occurrence onto or past the day of a neighbouring one, as Exchange does", async () => {
    const u = f.users[0];
    const master = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Weekly review",
      start: { dateTime: "2032-09-06T10:00:00", timeZone: "UTC" },
      end: { dateTime: "2032-09-06T11:00:00", timeZone: "UTC" },
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
        range: { type: "numbered", startDate: "2032-09-06", numberOfOccurrences: 3 },
      },
    });
    const inst = (
      await f.client
        .api(`/users/${u.id}/events/${master.id}/instances`)
        .query({ startDateTime: "2032-09-01T00:00:00Z", endDateTime: "2032-10-01T00:00:00Z" })
        .get<Page<EventJson>>()
    ).value;
    const one = must(inst[0], "first occurrence");
    const two = must(inst[1], "second occurrence");
    const to = (day: string) => ({
      start: { dateTime: `${day}T10:00:00`, timeZone: "UTC" },
      end: { dateTime: `${day}T11:00:00`, timeZone: "UTC" },
    });
    // Within its own week: fine. Onto the next occurrence's day, or back onto the previous one's: refused.
    expect((await f.client.api(`/users/${u.id}/events/${one.id}`).patch<EventJson>(to("2032-09-12"))).type).toBe(
      "exception",
    );
    await expect(f.client.api(`/users/${u.id}/events/${one.id}`).patch(to("2032-09-13"))).rejects.toMatchObject({
      statusCode: 400,
      code: "ErrorOccurrenceCrossingBoundary",
    });
    await expect(f.client.api(`/users/${u.id}/events/${two.id}`).patch(to("2032-09-12"))).rejects.toMatchObject({
      statusCode: 400,
      code: "ErrorOccurrenceCrossingBoundary",
    });
  });
});

// All-day events as Graph gives them: midnight to midnight labelled with the response's zone (graph-docs
// issue 1802, "by design"), 400 for isAllDay with non-midnight times (event resource doc), and an all-day
// occurrence's originalStart as the UTC instant of midnight in the series' zone (docs-contrib issue 7803).
import { ResponseType } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { type EventJson, type Fixture, type Page, readJson, startFixture } from "./test-support";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.sb.close();
});

const AMS = "W. Europe Standard Time";

describe("all-day events", () => {
  it("refuses isAllDay with a non-midnight start or end, on create and on PATCH, changing nothing", async () => {
    const u = f.users[0];
    await expect(
      f.client.api(`/users/${u.id}/events`).post({
        subject: "Not midnight",
        isAllDay: true,
        start: { dateTime: "2030-06-10T09:00:00", timeZone: AMS },
        end: { dateTime: "2030-06-11T09:00:00", timeZone: AMS },
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "ErrorInvalidRequest",
      message: expect.stringMatching(/midnight/) as unknown,
    });
    await expect(
      f.client.api(`/users/${u.id}/events`).post({
        subject: "Zero days",
        isAllDay: true,
        start: { dateTime: "2030-06-10T00:00:00", timeZone: AMS },
        end: { dateTime: "2030-06-10T00:00:00", timeZone: AMS },
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(/at least 24 hours/) as unknown });
    const listed = (await f.client.api(`/users/${u.id}/events`).top(1000).get<Page<EventJson>>()).value;
    expect(listed.filter((e) => e.subject === "Not midnight" || e.subject === "Zero days")).toEqual([]);

    const timed = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Timed",
      start: { dateTime: "2030-06-12T09:00:00", timeZone: AMS },
      end: { dateTime: "2030-06-12T10:00:00", timeZone: AMS },
    });
    await expect(
      f.client.api(`/users/${u.id}/events/${timed.id}`).patch({ isAllDay: true, subject: "Timed (all day?)" }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const after = await f.client.api(`/users/${u.id}/events/${timed.id}`).get();
    expect(after).toMatchObject({ subject: "Timed", isAllDay: false, changeKey: timed.changeKey });
  });

  it("returns an all-day event midnight to midnight in whatever zone the response is in", async () => {
    const u = f.users[0];
    const ev = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Offsite",
      isAllDay: true,
      start: { dateTime: "2030-06-10T00:00:00", timeZone: AMS },
      end: { dateTime: "2030-06-12T00:00:00", timeZone: AMS },
    });
    expect(ev.isAllDay).toBe(true);
    expect(ev.start).toEqual({ dateTime: "2030-06-10T00:00:00.0000000", timeZone: "UTC" });
    expect(ev.end).toEqual({ dateTime: "2030-06-12T00:00:00.0000000", timeZone: "UTC" });
    const raw = await f.client
      .api(`/users/${u.id}/events/${ev.id}`)
      .header("Prefer", 'outlook.timezone="Pacific Standard Time"')
      .responseType(ResponseType.RAW)
      .get<Response>();
    const pacific = await readJson<EventJson>(raw);
    expect(pacific.start).toEqual({ dateTime: "2030-06-10T00:00:00.0000000", timeZone: "Pacific Standard Time" });
    expect(pacific.end).toEqual({ dateTime: "2030-06-12T00:00:00.0000000", timeZone: "Pacific Standard Time" });
    const view = (
      await f.client
        .api(`/users/${u.id}/calendarView`)
        .query({ startDateTime: "2030-06-09T00:00:00Z", endDateTime: "2030-06-13T00:00:00Z" })
        .get<Page<EventJson>>()
    ).value;
    expect(view.find((e) => e.id === ev.id)?.start.dateTime).toBe("2030-06-10T00:00:00.0000000");
  });

  it("gives an all-day series' occurrences the series' dates and originalStart at the series' midnight in UTC", async () => {
    const u = f.users[1];
    const master = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Tokyo day off",
      isAllDay: true,
      start: { dateTime: "2030-07-01T00:00:00", timeZone: "Tokyo Standard Time" },
      end: { dateTime: "2030-07-02T00:00:00", timeZone: "Tokyo Standard Time" },
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
        range: {
          type: "numbered",
          startDate: "2030-07-01",
          numberOfOccurrences: 3,
          recurrenceTimeZone: "Tokyo Standard Time",
        },
      },
    });
    const inst = (
      await f.client
        .api(`/users/${u.id}/events/${master.id}/instances`)
        .query({ startDateTime: "2030-06-25T00:00:00Z", endDateTime: "2030-07-31T00:00:00Z" })
        .get<Page<EventJson>>()
    ).value;
    expect(inst.map((i) => i.start.dateTime)).toEqual([
      "2030-07-01T00:00:00.0000000",
      "2030-07-08T00:00:00.0000000",
      "2030-07-15T00:00:00.0000000",
    ]);
    expect(inst.map((i) => i.end.dateTime)).toEqual([
      "2030-07-02T00:00:00.0000000",
      "2030-07-09T00:00:00.0000000",
      "2030-07-16T00:00:00.0000000",
    ]);
    // Midnight in Tokyo (UTC+9) is 15:00Z the day before: originalStart is not the start's date.
    expect(inst.map((i) => i.originalStart)).toEqual([
      "2030-06-30T15:00:00Z",
      "2030-07-07T15:00:00Z",
      "2030-07-14T15:00:00Z",
    ]);
    await expect(
      f.client
        .api(`/users/${u.id}/events/${must(inst[1], "second occurrence").id}`)
        .patch({ start: { dateTime: "2030-07-09T10:00:00", timeZone: "Tokyo Standard Time" } }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

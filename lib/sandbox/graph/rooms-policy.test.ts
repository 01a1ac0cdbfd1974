// Room mailboxes under Set-CalendarProcessing's documented defaults and each per-room switch, through
// graph-client and the control API: booking window, scheduling horizon, maximum duration, conflicts,
// recurring meetings, AutoUpdate / None, cancelled meetings and occurrences left on the room calendar,
// and the private flag cleared on the room's copy.
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

/** The control API's answer to PATCH /rooms/{upn}: the room's processing, or an error. */
interface ControlJson {
  processing?: Record<string, unknown>;
  error?: { code: string; message: string };
}
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const at = (d: string, h0: number, h1: number) => ({
  start: { dateTime: `${d}T${String(h0).padStart(2, "0")}:00:00`, timeZone: "UTC" },
  end: { dateTime: `${d}T${String(h1).padStart(2, "0")}:00:00`, timeZone: "UTC" },
});

async function api(method: string, path: string, body: unknown) {
  const res = await fetch(`${f.sb.origin}/_sandbox/api${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await readJson<ControlJson>(res) };
}

async function invite(roomIdx: number, extra: Record<string, unknown>, organizer = f.users[0]) {
  const room = must(f.rooms[roomIdx], `room ${roomIdx}`);
  return f.client.api(`/users/${organizer.id}/events`).post<EventJson>({
    subject: "Policy check",
    attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    ...extra,
  });
}

async function roomItems(roomIdx: number, from: string, to: string): Promise<EventJson[]> {
  const room = must(f.rooms[roomIdx], `room ${roomIdx}`);
  return (
    await f.client
      .api(`/users/${room.id}/calendarView`)
      .query({ startDateTime: `${from}T00:00:00Z`, endDateTime: `${to}T00:00:00Z` })
      .top(200)
      .get<Page<EventJson>>()
  ).value;
}

describe("room calendar processing", () => {
  it("declines beyond the 180-day booking window, longer than 1440 minutes, and a series past the horizon; accepts inside", async () => {
    expect((await invite(0, at(day(179), 9, 10))).attendees[0]?.status.response).toBe("accepted");
    expect((await invite(0, at(day(182), 9, 10))).attendees[0]?.status.response).toBe("declined");
    const long = {
      start: { dateTime: `${day(30)}T08:00:00`, timeZone: "UTC" },
      end: { dateTime: `${day(31)}T08:01:00`, timeZone: "UTC" },
    };
    expect((await invite(0, long)).attendees[0]?.status.response).toBe("declined");
    const weekly = (n: number) => ({
      ...at(day(40), 13, 14),
      recurrence: {
        pattern: {
          type: "weekly",
          interval: 1,
          daysOfWeek: [
            new Date(`${day(40)}T00:00:00Z`)
              .toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" })
              .toLowerCase(),
          ],
        },
        range: { type: "numbered", startDate: day(40), numberOfOccurrences: n },
      },
    });
    expect((await invite(0, weekly(10))).attendees[0]?.status.response).toBe("accepted");
    expect((await invite(0, { ...weekly(30), subject: "Runs past day 180" })).attendees[0]?.status.response).toBe(
      "declined",
    );
    const once = weekly(1);
    const noEnd = { ...once, recurrence: { ...once.recurrence, range: { type: "noEnd", startDate: day(40) } } };
    expect((await invite(0, { ...noEnd, ...at(day(40), 15, 16) })).attendees[0]?.status.response).toBe("declined");
  });

  it("takes each switch per room through the control API", async () => {
    const room = f.rooms[1];
    const bad = await api("PATCH", `/rooms/${room.upn}`, { processing: { bookingWindowInDays: 5000 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/bookingWindowInDays/);
    const ok = await api("PATCH", `/rooms/${room.upn}`, {
      processing: {
        bookingWindowInDays: 400,
        enforceSchedulingHorizon: false,
        maximumDurationInMinutes: 0,
        allowConflicts: true,
        allowRecurringMeetings: false,
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.processing).toMatchObject({ bookingWindowInDays: 400, allowConflicts: true });
    expect((await invite(1, at(day(300), 9, 10))).attendees[0]?.status.response).toBe("accepted");
    expect(
      (
        await invite(1, {
          start: { dateTime: `${day(20)}T08:00:00`, timeZone: "UTC" },
          end: { dateTime: `${day(22)}T08:00:00`, timeZone: "UTC" },
        })
      ).attendees[0]?.status.response,
    ).toBe("accepted");
    expect((await invite(1, at(day(20), 9, 10), f.users[1])).attendees[0]?.status.response).toBe("accepted"); // overlaps: AllowConflicts
    const series = {
      ...at(day(50), 9, 10),
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: day(50), numberOfOccurrences: 3 },
      },
    };
    expect((await invite(1, series)).attendees[0]?.status.response).toBe("declined"); // AllowRecurringMeetings $false
  });

  it("AutoUpdate keeps subject and body and leaves the request tentative; None puts nothing on the calendar", async () => {
    const d = day(25);
    await api("PATCH", `/rooms/${f.rooms[2].upn}`, { processing: { automateProcessing: "AutoUpdate" } });
    const ev = await invite(2, {
      ...at(d, 9, 10),
      subject: "Design review",
      body: { contentType: "html", content: "<p>Agenda</p>" },
    });
    expect(ev.attendees[0]?.status.response).toBe("none");
    const [copy] = await roomItems(2, d, day(26));
    expect(copy).toMatchObject({
      subject: "Design review",
      showAs: "tentative",
      responseStatus: { response: "notResponded" },
    });
    const { body } = await f.client
      .api(`/users/${f.rooms[2].id}/events/${must(copy, "the room's copy").id}`)
      .get<EventJson>();
    expect(body.content).toContain("Agenda");
    expect(f.sb.directory.findUser(f.rooms[2].id)?.autoAccept).toBe(false);

    await api("PATCH", `/rooms/${f.rooms[2].upn}`, { processing: { automateProcessing: "None" } });
    const none = await invite(2, { ...at(day(27), 9, 10), subject: "Nobody home" });
    expect(none.attendees[0]?.status.response).toBe("none");
    expect(await roomItems(2, day(27), day(28))).toEqual([]);
    await api("PATCH", `/rooms/${f.rooms[2].upn}`, { processing: { automateProcessing: "AutoAccept" } });
  });

  it("leaves a cancelled meeting and a cancelled occurrence on the room calendar as 'Canceled:', unless RemoveCanceledMeetings is on", async () => {
    const d = day(120);
    const alice = f.users[0];
    const one = await invite(0, { ...at(d, 9, 10), subject: "One-off" });
    await f.client.api(`/users/${alice.id}/events/${one.id}`).delete();
    const series = await invite(0, {
      ...at(d, 11, 12),
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: d, numberOfOccurrences: 3 },
      },
    });
    const inst = (
      await f.client
        .api(`/users/${alice.id}/events/${series.id}/instances`)
        .query({ startDateTime: `${d}T00:00:00Z`, endDateTime: `${day(124)}T00:00:00Z` })
        .get<Page<EventJson>>()
    ).value;
    await f.client.api(`/users/${alice.id}/events/${must(inst[1], "second occurrence").id}`).delete();
    const items = await roomItems(0, d, day(123));
    expect(items.map((e) => [e.start.dateTime.slice(0, 16), e.subject, e.isCancelled, e.showAs])).toEqual([
      [`${d}T09:00`, `Canceled: ${f.users[0].name}`, true, "free"],
      [`${d}T11:00`, f.users[0].name, false, "busy"],
      [`${day(121)}T11:00`, `Canceled: ${f.users[0].name}`, true, "free"],
      [`${day(122)}T11:00`, f.users[0].name, false, "busy"],
    ]);
    // A cancelled meeting no longer blocks the room.
    expect(
      (await invite(0, { ...at(d, 9, 10), subject: "Takes the freed slot" }, f.users[1])).attendees[0]?.status.response,
    ).toBe("accepted");

    await api("PATCH", `/rooms/${f.rooms[0].upn}`, { processing: { removeCanceledMeetings: true } });
    const gone = await invite(0, { ...at(day(130), 9, 10), subject: "Removed when cancelled" });
    await f.client.api(`/users/${alice.id}/events/${gone.id}`).delete();
    expect(await roomItems(0, day(130), day(131))).toEqual([]);
    await api("PATCH", `/rooms/${f.rooms[0].upn}`, { processing: { removeCanceledMeetings: false } });
  });

  it("clears the private flag on the room's copy (RemovePrivateProperty $true), keeps it when switched off", async () => {
    const priv = await invite(1, { ...at(day(70), 9, 10), sensitivity: "private", subject: "Private one" });
    expect(priv.sensitivity).toBe("private");
    const [copy] = await roomItems(1, day(70), day(71));
    expect(copy?.sensitivity).toBe("normal");
    await api("PATCH", `/rooms/${f.rooms[1].upn}`, { processing: { removePrivateProperty: false } });
    await invite(1, { ...at(day(72), 9, 10), sensitivity: "private" });
    expect((await roomItems(1, day(72), day(73)))[0]?.sensitivity).toBe("private");
  });
});

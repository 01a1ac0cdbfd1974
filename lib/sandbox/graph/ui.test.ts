// The person-facing UI over plain http: book a room by inviting it, see the room's answer, escaping,
// what an organizer's tracking shows (answers in words, the room's message, "Canceled: …", overlaps
// side by side, a future default start), the delivery log and the JSON faults API; plus demo seeding
// and state persistence across restarts.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { log } from "@/lib/log";
import type { DirectoryUser, SandboxContext } from "@/lib/sandbox/contracts";
import { createGraphService } from "./index";
import { type EventJson, type Fixture, type Page, readJson, startFixture } from "./test-support";
import { processingOf } from "./calendar-processing";
import { defaultMeetingStart, layOutDay } from "./ui/layout";

describe("calendar layout", () => {
  const h = (x: number) => x * 3_600_000;
  it("puts overlapping meetings side by side and lone ones full width", () => {
    expect(
      layOutDay([
        { startMs: h(9), endMs: h(10) },
        { startMs: h(9.5), endMs: h(11) },
        { startMs: h(12), endMs: h(13) },
      ]),
    ).toEqual([
      { lane: 0, of: 2 },
      { lane: 1, of: 2 },
      { lane: 0, of: 1 },
    ]);
    // A chain (9-10 overlaps 9:30-11, which overlaps 10:30-12) shares two lanes; the third reuses the first.
    expect(
      layOutDay([
        { startMs: h(9), endMs: h(10) },
        { startMs: h(9.5), endMs: h(11) },
        { startMs: h(10.5), endMs: h(12) },
      ]),
    ).toEqual([
      { lane: 0, of: 2 },
      { lane: 1, of: 2 },
      { lane: 0, of: 2 },
    ]);
    expect(
      layOutDay([
        { startMs: h(9), endMs: h(10) },
        { startMs: h(9), endMs: h(10) },
        { startMs: h(9), endMs: h(10) },
      ]).map((l) => l.of),
    ).toEqual([3, 3, 3]);
  });

  it("starts a new meeting at the next half hour, or at 10:00 on a future day, never in the past", () => {
    const now = DateTime.fromISO("2026-12-03T16:10:00", { zone: "Europe/Amsterdam" });
    expect(defaultMeetingStart(now, null).toISO()).toBe("2026-12-03T16:30:00.000+01:00");
    expect(defaultMeetingStart(now, "2026-11-30").toISO()).toBe("2026-12-03T16:30:00.000+01:00"); // this week's Monday: past
    expect(defaultMeetingStart(now, "2026-12-07").toISO()).toBe("2026-12-07T10:00:00.000+01:00");
    expect(
      defaultMeetingStart(DateTime.fromISO("2026-12-03T23:45:00", { zone: "Europe/Amsterdam" }), null).toISO(),
    ).toBe("2026-12-04T00:00:00.000+01:00");
  });
});

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.sb.close();
});

describe("sandbox UI", () => {
  it("books a room from the New meeting form and shows the room's copy, escaped", async () => {
    const me = f.users[0];
    const room = must(
      f.sb.directory.users().find((u) => u.kind === "room"),
      "a room in the seed",
    );
    const home = await fetch(`${f.sb.origin}/ui/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(me.name);
    const body = new URLSearchParams({
      subject: "<script>alert(1)</script>",
      date: "2026-12-02",
      start: "10:00",
      end: "11:00",
      room: room.mail,
    });
    const res = await fetch(`${f.sb.origin}/ui/new?as=${me.id}`, {
      method: "POST",
      body,
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(303);
    const mine = await (await fetch(`${f.sb.origin}/ui/calendar?as=${me.id}&week=2026-12-02`)).text();
    expect(mine).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mine).not.toContain("<script>alert(1)");
    const roomCal = await (
      await fetch(`${f.sb.origin}/ui/calendar?as=${me.id}&view=${room.id}&week=2026-12-02`)
    ).text();
    expect(roomCal).toContain(`class="ev room`);
    expect(roomCal).toContain(me.name); // AddOrganizerToSubject
  });

  it("shows the organizer each answer in words with the room's message, cancelled meetings kept as 'Canceled:', overlaps side by side", async () => {
    const [me, other] = f.users;
    const room = f.rooms[1];
    f.sb.directory.updateRoom(room.id, { autoAccept: false });
    const day = DateTime.now().setZone("UTC").plus({ days: 8 }).toISODate()!;
    const at = (hh: string) => ({ dateTime: `${day}T${hh}:00`, timeZone: "UTC" });
    const ev = await f.client.api(`/users/${me.id}/events`).post<EventJson>({
      subject: "Budget review",
      start: at("09:00"),
      end: at("10:00"),
      attendees: [
        { type: "resource", emailAddress: { address: room.upn } },
        { type: "required", emailAddress: { address: other.upn } },
      ],
    });
    await f.client
      .api(`/users/${me.id}/events`)
      .post({ subject: "Overlapping call", start: at("09:30"), end: at("10:30") });
    const copyOf = async (mailbox: string) =>
      must(
        (await f.client.api(`/users/${mailbox}/events`).filter("subject ne 'x'").get<Page<EventJson>>()).value.find(
          (e) => e.iCalUId === ev.iCalUId,
        ),
        `the invitation on ${mailbox}'s calendar`,
      );
    // Roomlink answering as the room: a decline with the reason; the colleague answers tentative.
    await f.client
      .api(`/users/${room.id}/events/${(await copyOf(room.id)).id}/decline`)
      .post({ comment: "Zaal Amstel is already booked 09:00-10:00 for “Board”", sendResponse: true });
    await f.client
      .api(`/users/${other.id}/events/${(await copyOf(other.id)).id}/tentativelyAccept`)
      .post({ comment: "", sendResponse: true });
    const page = await (await fetch(`${f.sb.origin}/ui/event?as=${me.id}&id=${encodeURIComponent(ev.id)}`)).text();
    const row = (name: string) => page.split("<tr>").find((r) => r.includes(name)) ?? "";
    expect(row(room.upn)).toContain(">Declined<");
    expect(row(room.upn)).toContain("“Zaal Amstel is already booked 09:00-10:00 for “Board””");
    expect(row(other.upn)).toContain(">Tentative<");
    expect(page).not.toContain("tentativelyAccepted<");
    // Graph's event JSON carries no comment (attendee status is response + time only).
    expect(JSON.stringify(await f.client.api(`/users/${me.id}/events/${ev.id}`).get())).not.toContain("already booked");

    const week = await (await fetch(`${f.sb.origin}/ui/calendar?as=${me.id}&week=${day}`)).text();
    const styles = [
      ...week.matchAll(/<a class="ev[^"]*" style="([^"]+)"[^>]*title="(Budget review|Overlapping call)"/g),
    ].map((m) => must(m[1], "the style attribute"));
    expect(styles).toHaveLength(2);
    expect(styles.every((st) => st.includes("width:calc(50% - 4px)"))).toBe(true);
    expect(new Set(styles.map((st) => /left:calc\(([\d.]+)%/.exec(st)?.[1]))).toEqual(new Set(["0", "50"]));

    // A meeting the room accepted, then cancelled by the organizer, stays on the room calendar (RemoveCanceledMeetings $false).
    f.sb.directory.updateRoom(room.id, { autoAccept: true });
    const kept = await f.client.api(`/users/${me.id}/events`).post<EventJson>({
      subject: "Planning",
      start: at("14:00"),
      end: at("15:00"),
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    });
    await f.client.api(`/users/${me.id}/events/${kept.id}/cancel`).post({ comment: "" });
    const roomWeek = await (await fetch(`${f.sb.origin}/ui/calendar?as=${me.id}&view=${room.id}&week=${day}`)).text();
    expect(roomWeek).toMatch(/<a class="ev room cancelled"[^>]*title="Canceled: [^"]*"/);
  });

  it("edits a room's Set-CalendarProcessing switches, refusing out-of-range numbers", async () => {
    const me = f.users[0];
    const room = f.rooms[2];
    const post = (fields: Record<string, string>) =>
      fetch(`${f.sb.origin}/ui/room-settings?as=${me.id}&room=${room.id}`, {
        method: "POST",
        body: new URLSearchParams(fields),
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    const ok = await post({
      automateProcessing: "AutoAccept",
      deleteComments: "1",
      removeCanceledMeetings: "1",
      bookingWindowInDays: "30",
      maximumDurationInMinutes: "120",
    });
    expect(ok.status).toBe(303);
    expect(
      processingOf(
        must(
          f.sb.directory.users().find((u) => u.id === room.id),
          "the room",
        ),
      ),
    ).toMatchObject({
      automateProcessing: "AutoAccept",
      addOrganizerToSubject: false,
      deleteSubject: false,
      deleteComments: true,
      removePrivateProperty: false,
      removeCanceledMeetings: true,
      allowConflicts: false,
      bookingWindowInDays: 30,
      maximumDurationInMinutes: 120,
    });
    const page = await (await fetch(`${f.sb.origin}/ui/calendar?as=${me.id}&view=${room.id}`)).text();
    expect(page).toMatch(/name="removeCanceledMeetings" value="1" checked/);
    expect(page).toMatch(/name="bookingWindowInDays" value="30"/);
    const bad = await post({
      automateProcessing: "AutoAccept",
      bookingWindowInDays: "2000",
      maximumDurationInMinutes: "120",
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("BookingWindowInDays must be a whole number from 0 to 1080.");
    f.sb.directory.updateRoom(room.id, {
      addOrganizerToSubject: true,
      deleteSubject: true,
      processing: {
        removePrivateProperty: true,
        removeCanceledMeetings: false,
        bookingWindowInDays: 180,
        maximumDurationInMinutes: 1440,
      },
    });
  });

  it("serves the delivery log and the faults JSON API", async () => {
    expect((await fetch(`${f.sb.origin}/ui/deliveries`)).status).toBe(200);
    expect((await fetch(`${f.sb.origin}/ui/faults`)).status).toBe(200);
    const set = await fetch(`${f.sb.origin}/ui/api/faults`, {
      method: "POST",
      body: JSON.stringify({ rate429: 0.5 }),
      headers: { "content-type": "application/json" },
    });
    expect((await readJson<{ rate429: number }>(set)).rate429).toBe(0.5);
    f.graph.setFaults({ rate429: 0 });
  });
});

describe("demo seed and persistence", () => {
  function fakeCtx(): SandboxContext {
    const users: DirectoryUser[] = [
      {
        id: "u1",
        userPrincipalName: "ada@x.test",
        mail: "ada@x.test",
        displayName: "Ada Lovelace",
        kind: "user",
        timeZone: "Europe/Amsterdam",
      },
      {
        id: "u2",
        userPrincipalName: "alan@x.test",
        mail: "alan@x.test",
        displayName: "Alan Turing",
        kind: "user",
        timeZone: "Europe/London",
      },
      {
        id: "r1",
        userPrincipalName: "room1@x.test",
        mail: "room1@x.test",
        displayName: "Room 1",
        kind: "room",
        capacity: 8,
        timeZone: "Europe/Amsterdam",
      },
    ];
    return {
      directory: {
        tenantId: "t1",
        users: () => users,
        findUser: (k) => users.find((u) => [u.id, u.mail].includes(k.toLowerCase())),
        appMayAccessMailbox: () => true,
        updateRoom: () => {},
      },
      timeScale: 0.001,
      log,
      verifyAccessToken: () => Promise.resolve({ error: "invalid", description: "no" }),
    };
  }

  it("seeds a week of meetings and reloads them from the state file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "graph-state-")), "graph.json");
    const a = createGraphService(fakeCtx(), { stateFile: file });
    a.seedDemo();
    const count = Object.values(a.core.state.mailboxes).reduce((n, m) => n + Object.keys(m.events).length, 0);
    expect(count).toBeGreaterThan(10);
    expect(a.core.store.list("r1").length).toBeGreaterThan(0);
    await a.close();
    const b = createGraphService(fakeCtx(), { stateFile: file });
    expect(Object.values(b.core.state.mailboxes).reduce((n, m) => n + Object.keys(m.events).length, 0)).toBe(count);
    await b.close();
  });
});

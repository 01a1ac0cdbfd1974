// Room mailboxes through graph-client: auto-accept with the organizer's name as subject, decline on
// conflict, per-room subject switch, organizer moves/cancels, direct room writes not conflict-checked.
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

/** A date n days after a day three weeks from now: inside every room's BookingWindowInDays (180). */
function D(n: number): string {
  return new Date(Date.now() + (21 + n) * 86_400_000).toISOString().slice(0, 10);
}

function slot(h0: number, h1: number, day = D(0)) {
  const hh = (h: number) => String(h).padStart(2, "0");
  return {
    start: { dateTime: `${day}T${hh(h0)}:00:00`, timeZone: "UTC" },
    end: { dateTime: `${day}T${hh(h1)}:00:00`, timeZone: "UTC" },
  };
}
async function roomView(room: string, day = D(0)): Promise<EventJson[]> {
  return (
    await f.client
      .api(`/users/${room}/calendarView`)
      .query({ startDateTime: `${day}T00:00:00Z`, endDateTime: `${day}T23:59:00Z` })
      .get<Page<EventJson>>()
  ).value;
}

describe("room processing", () => {
  it("accepts a free slot, replaces the subject, declines a conflicting invitation", async () => {
    const [alice, bob] = f.users;
    const room = f.rooms[0];
    const invite = { type: "resource", emailAddress: { address: room.upn, name: room.name } };
    const ev = await f.client
      .api(`/users/${alice.id}/events`)
      .post<EventJson>({ subject: "Secret plans", ...slot(10, 11), attendees: [invite] });
    expect(ev.attendees[0]?.status.response).toBe("accepted");
    const copies = await roomView(room.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.subject).toBe(alice.name);
    expect(copies[0]?.iCalUId).toBe(ev.iCalUId);
    expect(copies[0]?.responseStatus.response).toBe("accepted");

    const clash = await f.client
      .api(`/users/${bob.id}/events`)
      .post<EventJson>({ subject: "Clash", ...slot(10, 12), attendees: [invite] });
    expect(clash.attendees[0]?.status.response).toBe("declined");
    expect(await roomView(room.id)).toHaveLength(1);

    // The organizer moves the meeting: the room copy follows.
    await f.client.api(`/users/${alice.id}/events/${ev.id}`).patch(slot(14, 15));
    const moved = await roomView(room.id);
    expect(moved.map((e) => e.start.dateTime)).toEqual([`${D(0)}T14:00:00.0000000`]);

    // Cancelling leaves the room's copy on its calendar, cancelled (RemoveCanceledMeetings $false, the default).
    await f.client.api(`/users/${alice.id}/events/${ev.id}/cancel`).post({ comment: "Not needed" });
    expect(await roomView(room.id)).toMatchObject([
      { subject: `Canceled: ${alice.name}`, isCancelled: true, showAs: "free" },
    ]);
  });

  it("keeps the subject when the room's AddOrganizerToSubject/DeleteSubject are off", async () => {
    const room = f.rooms[1];
    f.sb.directory.updateRoom(room.id, { addOrganizerToSubject: false, deleteSubject: false });
    await f.client.api(`/users/${f.users[0].id}/events`).post({
      subject: "Board meeting",
      ...slot(9, 10, D(1)),
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    });
    const copies = await roomView(room.id, D(1));
    expect(copies.map((c) => c.subject)).toEqual(["Board meeting"]);
  });

  it("puts an invitation on an invited person's calendar, unanswered, until they answer it", async () => {
    const [alice, bob] = f.users;
    const ev = await f.client.api(`/users/${alice.id}/events`).post<EventJson>({
      subject: "Quarterly review",
      body: { contentType: "text", content: "Agenda" },
      ...slot(9, 10, D(3)),
      attendees: [{ type: "required", emailAddress: { address: bob.upn } }],
    });
    expect(ev.attendees[0]?.status.response).toBe("none");
    const [copy] = await roomView(bob.id, D(3));
    expect(copy).toMatchObject({
      subject: "Quarterly review",
      iCalUId: ev.iCalUId,
      showAs: "tentative",
      isOrganizer: false,
      responseStatus: { response: "notResponded" },
    });

    await f.client
      .api(`/users/${bob.id}/events/${copy!.id}/tentativelyAccept`)
      .post({ comment: "Maybe", sendResponse: true });
    expect(
      (await f.client.api(`/users/${alice.id}/events/${ev.id}`).get<EventJson>()).attendees[0]?.status.response,
    ).toBe("tentativelyAccepted");
    await f.client.api(`/users/${bob.id}/events/${copy!.id}/decline`).post({ comment: "Away", sendResponse: true });
    expect(
      (await f.client.api(`/users/${alice.id}/events/${ev.id}`).get<EventJson>()).attendees[0]?.status.response,
    ).toBe("declined");
    expect(await roomView(bob.id, D(3))).toHaveLength(0);
  });

  it("an accepted invitation goes back to unanswered when the organizer moves the meeting, not when the subject changes", async () => {
    const [alice, bob] = f.users;
    const ev = await f.client.api(`/users/${alice.id}/events`).post<EventJson>({
      subject: "Planning",
      ...slot(9, 10, D(4)),
      attendees: [{ type: "required", emailAddress: { address: bob.upn } }],
    });
    const copy = must((await roomView(bob.id, D(4)))[0], "the invitation on Bob's calendar");
    await f.client.api(`/users/${bob.id}/events/${copy.id}/accept`).post({ sendResponse: true });
    await f.client.api(`/users/${alice.id}/events/${ev.id}`).patch({ subject: "Planning (agenda inside)" });
    expect((await roomView(bob.id, D(4)))[0]).toMatchObject({
      subject: "Planning (agenda inside)",
      responseStatus: { response: "accepted" },
      showAs: "busy",
    });
    expect(
      (await f.client.api(`/users/${alice.id}/events/${ev.id}`).get<EventJson>()).attendees[0]?.status.response,
    ).toBe("accepted");

    await f.client.api(`/users/${alice.id}/events/${ev.id}`).patch(slot(11, 12, D(4)));
    expect((await roomView(bob.id, D(4)))[0]).toMatchObject({
      responseStatus: { response: "notResponded" },
      showAs: "tentative",
    });
    expect(
      (await f.client.api(`/users/${alice.id}/events/${ev.id}`).get<EventJson>()).attendees[0]?.status.response,
    ).toBe("none");
  });

  it("does not conflict-check direct writes to a room calendar (as Exchange)", async () => {
    const room = f.rooms[2];
    await f.client.api(`/users/${room.id}/events`).post({ subject: "Direct 1", ...slot(9, 10, D(2)) });
    const second = await f.client
      .api(`/users/${room.id}/events`)
      .post<EventJson>({ subject: "Direct 2", ...slot(9, 10, D(2)) });
    expect(second.id).toBeTruthy();
    expect(await roomView(room.id, D(2))).toHaveLength(2);
  });

  it("leaves the request pending when AutoAccept is off, and a decline on the room copy reaches the organizer", async () => {
    const room = f.rooms[2];
    f.sb.directory.updateRoom(room.id, { autoAccept: false });
    const ev = await f.client.api(`/users/${f.users[1].id}/events`).post<EventJson>({
      subject: "Pending",
      ...slot(15, 16, D(3)),
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    });
    expect(ev.attendees[0]?.status.response).toBe("none");
    const copy = must((await roomView(room.id, D(3)))[0], "the request on the room's calendar");
    expect(copy.responseStatus.response).toBe("notResponded");
    await f.client
      .api(`/users/${room.id}/events/${copy.id}/decline`)
      .post({ comment: "Room under maintenance", sendResponse: true });
    const org = await f.client.api(`/users/${f.users[1].id}/events/${ev.id}`).get<EventJson>();
    expect(org.attendees[0]?.status.response).toBe("declined");
    expect(await roomView(room.id, D(3))).toHaveLength(0);
  });
});

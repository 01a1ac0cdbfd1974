// Event CRUD through the real @microsoft/microsoft-graph-client against a running sandbox:
// changeKey on edit, transactionId, Prefer time zones, extended properties, Teams, error shapes.
import { ResponseType } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { type EventJson, type Fixture, type Page, readJson, startFixture, type UserJson } from "./test-support";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.sb.close();
});

const PROP = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name RoomlinkBookingId";

function meeting(extra: Record<string, unknown> = {}) {
  return {
    subject: "Planning",
    body: { contentType: "html", content: "<p>Hello <b>team</b></p>" },
    start: { dateTime: "2030-03-04T09:00:00", timeZone: "W. Europe Standard Time" },
    end: { dateTime: "2030-03-04T10:00:00", timeZone: "W. Europe Standard Time" },
    ...extra,
  };
}

describe("events CRUD via graph-client", () => {
  it("creates, reads, patches (new changeKey) and deletes an event", async () => {
    const u = f.users[0];
    const created = await f.client.api(`/users/${u.upn}/events`).post<EventJson>(meeting());
    expect(created.id).toMatch(/^AAMkAG/);
    expect(created.type).toBe("singleInstance");
    expect(created["@odata.etag"]).toBe(`W/"${created.changeKey}"`);
    expect(created.start).toEqual({ dateTime: "2030-03-04T08:00:00.0000000", timeZone: "UTC" });
    expect(created.originalStartTimeZone).toBe("W. Europe Standard Time");
    expect(created.bodyPreview).toBe("Hello team");
    expect(created.organizer.emailAddress.address).toBe(u.upn);
    expect(created.iCalUId).toMatch(/^040000008200E00074C5B7101A82E008/);

    const got = await f.client.api(`/users/${u.id}/calendar/events/${created.id}`).get<EventJson>();
    expect(got.changeKey).toBe(created.changeKey);

    const patched = await f.client
      .api(`/users/${u.id}/events/${created.id}`)
      .patch<EventJson>({ subject: "Planning (moved)" });
    expect(patched.subject).toBe("Planning (moved)");
    expect(patched.changeKey).not.toBe(created.changeKey);

    await f.client.api(`/users/${u.id}/events/${created.id}`).delete();
    await expect(f.client.api(`/users/${u.id}/events/${created.id}`).get()).rejects.toMatchObject({
      statusCode: 404,
      code: "ErrorItemNotFound",
    });
  });

  it("returns the existing event for a repeated transactionId", async () => {
    const u = f.users[0];
    const a = await f.client.api(`/users/${u.id}/events`).post<EventJson>(meeting({ transactionId: "tx-123" }));
    const b = await f.client.api(`/users/${u.id}/events`).post<EventJson>(meeting({ transactionId: "tx-123" }));
    expect(b.id).toBe(a.id);
    const all = await f.client
      .api(`/users/${u.id}/events`)
      .filter("subject eq 'Planning'")
      .top(50)
      .get<Page<EventJson>>();
    expect(all.value.filter((e) => e.transactionId === "tx-123")).toHaveLength(1);
  });

  it("converts times for Prefer outlook.timezone and returns immutable ids on request", async () => {
    const u = f.users[1];
    const ev = await f.client.api(`/users/${u.id}/events`).post<EventJson>(meeting());
    const raw = await f.client
      .api(`/users/${u.id}/events/${ev.id}`)
      .header("Prefer", 'outlook.timezone="Pacific Standard Time", IdType="ImmutableId"')
      .responseType(ResponseType.RAW)
      .get<Response>();
    expect(raw.headers.get("preference-applied")).toContain('outlook.timezone="Pacific Standard Time"');
    const body = await readJson<EventJson>(raw);
    expect(body.start).toEqual({ dateTime: "2030-03-04T00:00:00.0000000", timeZone: "Pacific Standard Time" });
    expect(body.id).toMatch(/^AAkALg/);
    // Both id forms address the same item.
    const again = await f.client
      .api(`/users/${u.id}/events/${body.id}`)
      .header("Prefer", 'outlook.timezone="Europe/Amsterdam"')
      .get<EventJson>();
    expect(again.start.dateTime).toBe("2030-03-04T09:00:00.0000000");
  });

  it("stores single-value extended properties, returned only with $expand and usable in $filter", async () => {
    const u = f.users[0];
    const ev = await f.client
      .api(`/users/${u.id}/events`)
      .post<EventJson>(meeting({ singleValueExtendedProperties: [{ id: PROP, value: "booking-42" }] }));
    expect(ev.singleValueExtendedProperties).toBeUndefined();
    const expanded = await f.client
      .api(`/users/${u.id}/events/${ev.id}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${PROP}')`)
      .get<EventJson>();
    expect(expanded.singleValueExtendedProperties).toEqual([{ id: PROP, value: "booking-42" }]);
    const found = await f.client
      .api(`/users/${u.id}/events`)
      .filter(`singleValueExtendedProperties/Any(ep: ep/id eq '${PROP}' and ep/value eq 'booking-42')`)
      .get<Page<EventJson>>();
    expect(found.value.map((e) => e.id)).toEqual([ev.id]);
    const selected = await f.client
      .api(`/users/${u.id}/events/${ev.id}`)
      .select("subject")
      .get<Record<string, unknown>>();
    expect(Object.keys(selected).sort()).toEqual(["@odata.context", "@odata.etag", "id", "subject"]);
  });

  it("creates a Teams meeting with a join URL", async () => {
    const u = f.users[0];
    const ev = await f.client
      .api(`/users/${u.id}/events`)
      .post<EventJson>(meeting({ isOnlineMeeting: true, onlineMeetingProvider: "teamsForBusiness" }));
    expect(ev.onlineMeeting?.joinUrl).toMatch(
      /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\/19%3ameeting_[\w-]+%40thread\.v2\/0\?context=/,
    );
  });

  it("answers Graph's errors for bad calendarView, /me with an app token and an unknown token", async () => {
    const u = f.users[0];
    await expect(f.client.api(`/users/${u.id}/calendarView`).get()).rejects.toMatchObject({
      statusCode: 400,
      code: "ErrorInvalidParameter",
    });
    await expect(f.client.api(`/me/events`).get()).rejects.toMatchObject({ statusCode: 400, code: "BadRequest" });
    const bad = f.clientWith("not-a-token");
    await expect(bad.api(`/users/${u.id}/events`).get()).rejects.toMatchObject({
      statusCode: 401,
      code: "InvalidAuthenticationToken",
    });
  });

  it("lists users by filter and rooms with paging", async () => {
    const r = await f.client.api(`/users`).filter(`userPrincipalName eq '${f.users[0].upn}'`).get<Page<UserJson>>();
    expect(r.value.map((x) => x.id)).toEqual([f.users[0].id]);
    const page1 = await f.client.api(`/places/microsoft.graph.room`).top(2).get<Page<{ id: string }>>();
    expect(page1.value).toHaveLength(2);
    expect(page1["@odata.nextLink"]).toBeTruthy();
    const page2 = await f.client.api(must(page1["@odata.nextLink"], "page 1's nextLink")).get<Page<{ id: string }>>();
    expect(page2.value).toHaveLength(f.rooms.length - 2);
    const settings = await f.client.api(`/users/${f.users[0].id}/mailboxSettings`).get<{ timeZone: string }>();
    expect(settings.timeZone).toBe("GMT Standard Time");
  });

  it("refuses a PATCH whose If-Match etag is stale (412) and converts the body on request", async () => {
    const u = f.users[1];
    const ev = await f.client.api(`/users/${u.id}/events`).post<EventJson>(meeting());
    const fresh = await f.client
      .api(`/users/${u.id}/events/${ev.id}`)
      .header("If-Match", ev["@odata.etag"])
      .patch<EventJson>({ subject: "v2" });
    await expect(
      f.client.api(`/users/${u.id}/events/${ev.id}`).header("If-Match", ev["@odata.etag"]).patch({ subject: "v3" }),
    ).rejects.toMatchObject({ statusCode: 412, code: "ErrorIrresolvableConflict" });
    expect(fresh.subject).toBe("v2");
    const text = await f.client
      .api(`/users/${u.id}/events/${ev.id}`)
      .header("Prefer", 'outlook.body-content-type="text"')
      .get<EventJson>();
    expect(text.body).toEqual({ contentType: "text", content: "Hello team" });
  });

  it("stores sensitivity as one of v1.0's values and refuses another, changing nothing", async () => {
    const u = f.users[0];
    const ev = await f.client.api(`/users/${u.id}/events`).post<EventJson>(meeting({ sensitivity: "confidential" }));
    expect(
      (await f.client.api(`/users/${u.id}/events/${ev.id}`).select("sensitivity").get<Pick<EventJson, "sensitivity">>())
        .sensitivity,
    ).toBe("confidential");
    await expect(f.client.api(`/users/${u.id}/events`).post(meeting({ sensitivity: "secret" }))).rejects.toMatchObject({
      statusCode: 400,
      message: "Requested value 'secret' was not found.",
    });
    await expect(
      f.client.api(`/users/${u.id}/events/${ev.id}`).patch({ subject: "Renamed", sensitivity: "secret" }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(await f.client.api(`/users/${u.id}/events/${ev.id}`).get()).toMatchObject({
      subject: "Planning",
      sensitivity: "confidential",
      changeKey: ev.changeKey,
    });
    const personal = await f.client.api(`/users/${u.id}/events/${ev.id}`).patch<EventJson>({ sensitivity: "Personal" });
    expect(personal.sensitivity).toBe("personal");
  });
});

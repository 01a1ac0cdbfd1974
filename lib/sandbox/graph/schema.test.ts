// Every resource the sandbox returns, driven over HTTP through the real graph-client, checked
// property by property against Graph's published v1.0 schema (schema/v1.0-extract.json, trimmed from
// microsoftgraph/msgraph-metadata's clean CSDL by scripts/graph-schema-extract.ts): no property the
// v1.0 type lacks (beta-only ones such as uid / occurrenceId included), the declared shape, navigation
// properties only when $expanded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schemaProblems } from "./schema/check";
import { must } from "@/lib/invariant";
import {
  type EventJson,
  type Fixture,
  type Hook,
  inHours,
  type Page,
  startFixture,
  startHook,
  type SubscriptionJson,
} from "./test-support";

let f: Fixture;
let hook: Hook;
beforeAll(async () => {
  f = await startFixture();
  hook = await startHook();
});
afterAll(async () => {
  await hook?.close();
  await f?.sb.close();
});

const PROP = "String {66f5a359-4659-4830-9070-00047ec6ac6e} Name RoomlinkBookingId";

/** A Monday about a month ahead (inside any room's booking window), as yyyy-mm-dd. */
function monday(weeksAhead: number): string {
  const d = new Date(Date.now() + weeksAhead * 7 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

function expectSchema(type: string, values: unknown[], expanded: string[] = []) {
  expect(values.length).toBeGreaterThan(0);
  expect(values.flatMap((v) => schemaProblems(type, v, expanded))).toEqual([]);
}

describe("responses match Graph's v1.0 schema", () => {
  it("the checker itself flags beta-only properties, wrong shapes and unexpanded navigation properties", () => {
    expect(schemaProblems("event", { id: "x", uid: "u", occurrenceId: null })).toEqual([
      "event.uid: not in the v1.0 schema of event",
      "event.occurrenceId: not in the v1.0 schema of event",
    ]);
    expect(schemaProblems("event", { exceptionOccurrences: ["OID.x"] })).toEqual([
      "event.exceptionOccurrences: navigation property returned without $expand",
    ]);
    expect(schemaProblems("event", { attendees: { type: "required" } })[0]).toMatch(
      /expected a collection of attendee/,
    );
    expect(schemaProblems("event", { start: { dateTime: "2030-01-01T00:00:00", timeZone: "UTC", offset: 1 } })).toEqual(
      ["event.start.offset: not in the v1.0 schema of dateTimeTimeZone"],
    );
    expect(schemaProblems("event", { sensitivity: "secret" })[0]).toMatch(/not a member of sensitivity/);
  });

  it("events, series masters, occurrences, exceptions, calendarView, instances and delta", async () => {
    const u = f.users[0];
    const room = f.rooms[0];
    const day = monday(4);
    const single = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Schema single",
      start: { dateTime: `${day}T09:00:00`, timeZone: "W. Europe Standard Time" },
      end: { dateTime: `${day}T10:00:00`, timeZone: "W. Europe Standard Time" },
      sensitivity: "private",
      isOnlineMeeting: true,
      onlineMeetingProvider: "teamsForBusiness",
      location: { displayName: room.name, locationEmailAddress: room.upn },
      attendees: [
        { type: "resource", emailAddress: { address: room.upn, name: room.name } },
        { type: "required", emailAddress: { address: f.users[1].upn } },
      ],
      singleValueExtendedProperties: [{ id: PROP, value: "b-1" }],
    });
    const allDay = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Schema all day",
      isAllDay: true,
      start: { dateTime: `${day}T00:00:00`, timeZone: "UTC" },
      end: { dateTime: `${monday(5)}T00:00:00`, timeZone: "UTC" },
      showAs: "free",
    });
    const master = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Schema series",
      start: { dateTime: `${day}T14:00:00`, timeZone: "W. Europe Standard Time" },
      end: { dateTime: `${day}T15:00:00`, timeZone: "W. Europe Standard Time" },
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
      recurrence: {
        pattern: { type: "weekly", interval: 1, daysOfWeek: ["monday"] },
        range: {
          type: "numbered",
          startDate: day,
          numberOfOccurrences: 4,
          recurrenceTimeZone: "W. Europe Standard Time",
        },
      },
    });
    const from = `${day}T00:00:00Z`;
    const to = new Date(Date.parse(from) + 35 * 86_400_000).toISOString();
    const inst = (
      await f.client
        .api(`/users/${u.id}/events/${master.id}/instances`)
        .query({ startDateTime: from, endDateTime: to })
        .get<Page<EventJson>>()
    ).value;
    expect(inst).toHaveLength(4);
    // Each occurrence has its own iCalUId (the master's with the instance date in it), none the master's.
    expect(new Set([master.iCalUId, ...inst.map((i) => i.iCalUId)]).size).toBe(5);
    expect(inst[0]?.iCalUId.slice(0, 32)).toBe(master.iCalUId.slice(0, 32));
    const exception = must(inst[1], "second occurrence");
    await f.client.api(`/users/${u.id}/events/${exception.id}`).patch({ subject: "Schema exception" });
    await f.client.api(`/users/${u.id}/events/${must(inst[2], "third occurrence").id}`).delete();

    const events = (await f.client.api(`/users/${u.id}/events`).top(100).get<Page<EventJson>>()).value;
    expectSchema("event", events);
    expect(events.find((e) => e.id === master.id)?.type).toBe("seriesMaster");
    const view = (
      await f.client
        .api(`/users/${u.id}/calendarView`)
        .query({ startDateTime: from, endDateTime: to })
        .top(100)
        .get<Page<EventJson>>()
    ).value;
    expectSchema("event", view);
    expect(new Set(view.map((e) => e.type))).toEqual(new Set(["singleInstance", "occurrence", "exception"]));
    const zoned = (
      await f.client
        .api(`/users/${u.id}/calendarView`)
        .query({ startDateTime: from, endDateTime: to })
        .header("Prefer", 'outlook.timezone="India Standard Time"')
        .top(100)
        .get<Page<unknown>>()
    ).value;
    expectSchema("event", zoned);
    expectSchema(
      "event",
      (
        await f.client
          .api(`/users/${u.id}/events/${master.id}/instances`)
          .query({ startDateTime: from, endDateTime: to })
          .get<Page<unknown>>()
      ).value,
    );
    expectSchema("event", [
      await f.client.api(`/users/${u.id}/events/${exception.id}`).get(),
      await f.client.api(`/users/${u.id}/events/${allDay.id}`).get(),
    ]);

    const expanded = await f.client
      .api(`/users/${u.id}/events/${single.id}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${PROP}')`)
      .get<EventJson>();
    expect(expanded.singleValueExtendedProperties).toHaveLength(1);
    expectSchema("event", [expanded], ["singleValueExtendedProperties"]);
    const withCancelled = await f.client
      .api(`/users/${u.id}/events/${master.id}`)
      .select("subject,cancelledOccurrences")
      .get<Pick<EventJson, "subject" | "cancelledOccurrences">>();
    expect(withCancelled.cancelledOccurrences).toHaveLength(1);
    expectSchema("event", [withCancelled]);
    const exceptions = await f.client
      .api(`/users/${u.id}/events/${master.id}`)
      .expand("exceptionOccurrences")
      .get<EventJson>();
    expect(exceptions.exceptionOccurrences?.map((e) => e.subject)).toEqual(["Schema exception"]);
    expectSchema("event", [exceptions], ["exceptionOccurrences"]);

    let page = await f.client
      .api(`/users/${u.id}/calendarView/delta`)
      .query({ startDateTime: from, endDateTime: to })
      .get<Page<unknown>>();
    const delta = [...page.value];
    while (page["@odata.nextLink"]) {
      page = await f.client.api(page["@odata.nextLink"]).get<Page<unknown>>();
      delta.push(...page.value);
    }
    expectSchema("event", delta);

    const roomView = (
      await f.client
        .api(`/users/${room.id}/calendarView`)
        .query({ startDateTime: from, endDateTime: to })
        .top(100)
        .get<Page<unknown>>()
    ).value;
    expectSchema("event", roomView);
    expectSchema("event", (await f.client.api(`/users/${f.users[1].id}/events`).get<Page<unknown>>()).value);
  });

  it("subscriptions, users, places, calendars and mailbox settings", async () => {
    const u = f.users[0];
    const sub = await f.client.api("/subscriptions").post<SubscriptionJson>({
      changeType: "created,updated,deleted",
      notificationUrl: hook.url,
      resource: `/users/${u.id}/events`,
      expirationDateTime: inHours(24),
      clientState: "x",
    });
    expectSchema("subscription", [
      sub,
      await f.client.api(`/subscriptions/${sub.id}`).get(),
      ...(await f.client.api("/subscriptions").get<Page<unknown>>()).value,
    ]);
    expectSchema("user", [
      ...(await f.client.api("/users").get<Page<unknown>>()).value,
      await f.client.api(`/users/${u.upn}`).get(),
    ]);
    expectSchema("room", (await f.client.api("/places/microsoft.graph.room").get<Page<unknown>>()).value);
    expectSchema("calendar", [
      await f.client.api(`/users/${u.id}/calendar`).get(),
      ...(await f.client.api(`/users/${u.id}/calendars`).get<Page<unknown>>()).value,
    ]);
    expectSchema("mailboxSettings", [await f.client.api(`/users/${u.id}/mailboxSettings`).get()]);
  });
});

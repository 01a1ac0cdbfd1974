// calendarView/delta through graph-client: paged first round with Prefer odata.maxpagesize, a change
// round with @removed, and the 410 SyncStateNotFound answer after tokens expire.
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

function at(day: number, hour: number) {
  const d = `2033-01-${String(day).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00`;
  const e = `2033-01-${String(day).padStart(2, "0")}T${String(hour + 1).padStart(2, "0")}:00:00`;
  return { start: { dateTime: d, timeZone: "UTC" }, end: { dateTime: e, timeZone: "UTC" } };
}

type Item = { id: string; subject?: string; "@removed"?: { reason: string } };

async function round(url: string): Promise<{ items: Item[]; deltaLink: string; pages: number }> {
  const items: Item[] = [];
  let next = url;
  let pages = 0;
  for (;;) {
    const page = await f.client.api(next).header("Prefer", "odata.maxpagesize=2").get<Page<Item>>();
    pages++;
    items.push(...page.value);
    if (page["@odata.nextLink"]) next = page["@odata.nextLink"];
    else return { items, deltaLink: must(page["@odata.deltaLink"], "the last page's deltaLink"), pages };
  }
}

describe("calendarView delta", () => {
  it("pages the first round, then returns only changes with @removed, then 410 after expiry", async () => {
    const u = f.users[1];
    const create = async (subject: string, day: number) =>
      (await f.client.api(`/users/${u.id}/events`).post<EventJson>({ subject, ...at(day, 9) })).id;
    const idA = await create("A", 10);
    const idB = await create("B", 11);
    await create("C", 12);
    await f.client.api(`/users/${u.id}/events`).post({ subject: "outside", ...at(25, 9) });

    const first = await round(
      `/users/${u.id}/calendarView/delta?startDateTime=2033-01-01T00:00:00Z&endDateTime=2033-01-20T00:00:00Z`,
    );
    expect(first.pages).toBe(2);
    expect(first.items.map((i) => i.subject).sort()).toEqual(["A", "B", "C"]);
    expect(first.deltaLink).toContain("$deltatoken=");

    const quiet = await round(first.deltaLink);
    expect(quiet.items).toEqual([]);

    const d = await create("D", 15);
    await f.client.api(`/users/${u.id}/events/${idA}`).patch({ subject: "A2" });
    await f.client.api(`/users/${u.id}/events/${idB}`).delete();
    const second = await round(quiet.deltaLink);
    expect(
      second.items
        .filter((i) => !i["@removed"])
        .map((i) => i.subject)
        .sort(),
    ).toEqual(["A2", "D"]);
    expect(second.items.filter((i) => i["@removed"])).toEqual([
      { "@odata.type": "#microsoft.graph.event", id: idB, "@removed": { reason: "deleted" } },
    ]);
    expect(second.items.some((i) => i.id === d)).toBe(true);

    await expect(
      f.client
        .api(
          `/users/${u.id}/calendarView/delta?startDateTime=2033-01-01T00:00:00Z&endDateTime=2033-01-20T00:00:00Z&$select=subject`,
        )
        .get(),
    ).rejects.toMatchObject({ statusCode: 400 });

    f.graph.expireDeltaTokens();
    await expect(f.client.api(second.deltaLink).get()).rejects.toMatchObject({
      statusCode: 410,
      code: "SyncStateNotFound",
    });
  });

  it("reports occurrences of a series and a cancelled occurrence as @removed", async () => {
    const u = f.users[0];
    const master = await f.client.api(`/users/${u.id}/events`).post<EventJson>({
      subject: "Series",
      ...at(3, 9),
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: "2033-01-03", numberOfOccurrences: 3 },
      },
    });
    const first = await round(
      `/users/${u.id}/calendarView/delta?startDateTime=2033-01-01T00:00:00Z&endDateTime=2033-01-10T00:00:00Z`,
    );
    const occ = first.items.filter((i) => i.subject === "Series");
    expect(occ).toHaveLength(3);
    const inst = await f.client
      .api(`/users/${u.id}/events/${master.id}/instances`)
      .query({ startDateTime: "2033-01-01T00:00:00Z", endDateTime: "2033-01-10T00:00:00Z" })
      .get<Page<EventJson>>();
    const second = must(inst.value[1], "second occurrence");
    await f.client.api(`/users/${u.id}/events/${second.id}`).delete();
    const next = await round(first.deltaLink);
    expect(next.items.filter((i) => i["@removed"]).map((i) => i.id)).toEqual([second.id]);
    expect(next.items.filter((i) => !i["@removed"])).toHaveLength(2);
  });

  it("never returns series masters and keeps the first request's window forever: an item moved out is @removed", async () => {
    const u = f.users[1].id;
    const from = "2033-03-01T00:00:00Z",
      to = "2033-03-08T00:00:00Z";
    const series = await f.client.api(`/users/${u}/events`).post<EventJson>({
      subject: "Frozen-window series",
      start: { dateTime: "2033-03-02T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2033-03-02T10:00:00", timeZone: "UTC" },
      recurrence: {
        pattern: { type: "daily", interval: 1 },
        range: { type: "numbered", startDate: "2033-03-02", numberOfOccurrences: 3 },
      },
    });
    const single = await f.client.api(`/users/${u}/events`).post<EventJson>({
      subject: "Frozen-window single",
      start: { dateTime: "2033-03-03T12:00:00", timeZone: "UTC" },
      end: { dateTime: "2033-03-03T13:00:00", timeZone: "UTC" },
    });
    const first = await round(`/users/${u}/calendarView/delta?startDateTime=${from}&endDateTime=${to}`);
    const kinds = (first.items as (Item & { type?: string; seriesMasterId?: string })[]).filter((i) =>
      i.subject?.startsWith("Frozen-window"),
    );
    expect(kinds.map((i) => i.type).sort()).toEqual(["occurrence", "occurrence", "occurrence", "singleInstance"]);
    expect(kinds.every((i) => i.id !== series.id)).toBe(true);

    const inst = (
      await f.client
        .api(`/users/${u}/events/${series.id}/instances`)
        .query({ startDateTime: from, endDateTime: to })
        .get<Page<EventJson>>()
    ).value;
    const second = must(inst[1], "second occurrence");
    const third = must(inst[2], "third occurrence");
    await f.client.api(`/users/${u}/events/${second.id}`).patch({ subject: "Frozen-window exception" });
    await f.client.api(`/users/${u}/events/${third.id}`).patch({
      start: { dateTime: "2033-03-09T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2033-03-09T10:00:00", timeZone: "UTC" },
    });
    await f.client.api(`/users/${u}/events/${single.id}`).patch({
      start: { dateTime: "2033-04-03T12:00:00", timeZone: "UTC" },
      end: { dateTime: "2033-04-03T13:00:00", timeZone: "UTC" },
    });
    await f.client.api(`/users/${u}/events`).post({
      subject: "Frozen-window later, outside",
      start: { dateTime: "2033-03-20T12:00:00", timeZone: "UTC" },
      end: { dateTime: "2033-03-20T13:00:00", timeZone: "UTC" },
    });
    const next = await round(first.deltaLink);
    // (The event created outside the window may come as @removed of an id never seen: harmless, and what the sandbox does.)
    expect(next.items.filter((i) => i["@removed"]).map((i) => i.id)).toEqual(
      expect.arrayContaining([single.id, third.id]),
    );
    expect(
      next.items
        .filter((i) => !i["@removed"])
        .map((i) => (i as Item & { type: string }).type)
        .sort(),
    ).toEqual(["exception", "occurrence"]);
    expect(next.items.some((i) => i.subject === "Frozen-window later, outside")).toBe(false);
  });
});

// What a delta round needs read again before it is applied:
// - Series. calendarView/delta returns occurrences and exceptions, never the series master
//   (https://learn.microsoft.com/graph/delta-query-events, "the delta ... returns ... single
//   instance meetings, occurrences and exceptions of a recurring series"; user-list-calendarview
//   likewise). A series Roomlink learns of only through delta (notification lost, there before
//   activation, a full resync after SyncStateNotFound) is applied through its master, read once per
//   master however many of its instances the round holds.
// - `@removed`. In calendarView/delta it means "no longer in this view" (deleted, or moved outside
//   the window the delta link was made for), not "deleted": a linked event is re-read first and only
//   a 404 or an event now isCancelled cancels its booking (processEvent decides on what it reads).
// Many reads go in `$batch`es of ≤ 20 (https://learn.microsoft.com/graph/json-batching); Outlook
// runs at most 4 of one batch against one mailbox at a time and queues the rest.
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { seriesLinks, type Integration } from "@/db/schema";
import { IMMUTABLE_ID } from "@/lib/graph";
import { BOOKING_PROP_EXPAND, ourBookingId } from "@/lib/sync/booking-property";
import { EVENT_SELECT, type GraphEvent } from "@/lib/sync/inbound/event-to-booking";
import { callGraph, isNotFound } from "@/lib/sync/graph-access";
import { eventPath } from "@/lib/sync/paths";
import { mailboxBatches, sendBatch, type BatchAnswer } from "@/lib/sync/batch";

export interface EventRef {
  mailbox: string;
  id: string;
}
export const refKey = (r: EventRef) => `${r.mailbox.toLowerCase()}|${r.id}`;

const select = Array.isArray(EVENT_SELECT) ? EVENT_SELECT.join(",") : String(EVENT_SELECT);
const eventUrl = (r: EventRef) =>
  `${eventPath(r.mailbox, r.id)}?$select=${select}&$expand=${encodeURIComponent(BOOKING_PROP_EXPAND)}`;

async function readOne(integration: Integration, r: EventRef): Promise<GraphEvent | null> {
  try {
    return await callGraph(
      integration,
      r.mailbox,
      (c) =>
        c.api(eventPath(r.mailbox, r.id)).select(EVENT_SELECT).expand(BOOKING_PROP_EXPAND).get() as Promise<GraphEvent>,
    );
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/**
 * Read events as processEvent does (its $select and the booking property), many in `$batch`es:
 * null for a 404. A sub-request Graph refuses otherwise (429, 503) is read again on its own with
 * callGraph's retries. The first failure per mailbox is returned; that mailbox's other reads stop.
 */
export async function readEvents(
  integration: Integration,
  refs: EventRef[],
): Promise<{ events: Map<string, GraphEvent | null>; errors: Map<string, unknown> }> {
  const events = new Map<string, GraphEvent | null>();
  const errors = new Map<string, unknown>();
  const unique = [...new Map(refs.map((r) => [refKey(r), r])).values()];
  const alone = async (r: EventRef) => {
    if (errors.has(r.mailbox)) return;
    try {
      events.set(refKey(r), await readOne(integration, r));
    } catch (e) {
      errors.set(r.mailbox, e);
    }
  };
  if (unique.length === 1) {
    await alone(unique[0]!);
    return { events, errors };
  }
  for (const batch of mailboxBatches(unique)) {
    const chunk = batch.filter((r) => !errors.has(r.mailbox));
    if (!chunk.length) continue;
    let answers: (BatchAnswer | undefined)[] = [];
    try {
      answers = await sendBatch(
        integration,
        chunk.map((r) => ({ mailbox: r.mailbox, method: "GET", url: eventUrl(r), headers: { Prefer: IMMUTABLE_ID } })),
      );
    } catch {
      // The whole batch failed: each read on its own below.
    }
    for (const [n, r] of chunk.entries()) {
      const a = answers[n];
      if (a?.status === 200 && a.body) events.set(refKey(r), a.body as GraphEvent);
      else if (a?.status === 404) events.set(refKey(r), null);
      else await alone(r);
    }
  }
  return { events, errors };
}

/**
 * The series masters behind a round's occurrences and exceptions, once each, left out those
 * Roomlink wrote itself (series_links): their instances are linked one by one and applied as such.
 */
export async function mastersOf(
  integrationId: string,
  items: { mailbox: string; item: GraphEvent & { "@removed"?: unknown } }[],
): Promise<EventRef[]> {
  const found = new Map<string, EventRef>();
  for (const { mailbox, item } of items) {
    if ("@removed" in item) continue;
    const id =
      item.type === "seriesMaster"
        ? item.id
        : item.type === "occurrence" || item.type === "exception"
          ? item.seriesMasterId
          : null;
    if (id) found.set(refKey({ mailbox, id }), { mailbox, id });
  }
  if (!found.size) return [];
  const db = await getDb();
  const ids = [...new Set([...found.values()].map((r) => r.id))];
  const ours = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({ mailbox: seriesLinks.mailbox, id: seriesLinks.masterEventId })
      .from(seriesLinks)
      .where(
        and(eq(seriesLinks.integrationId, integrationId), inArray(seriesLinks.masterEventId, ids.slice(i, i + 1000))),
      );
    for (const r of rows) ours.add(refKey(r));
  }
  return [...found.values()].filter((r) => !ours.has(refKey(r)));
}

/** A master read back that is ours after all (written by the outbound job, linked by it): nothing to apply. */
export const writtenByRoomlink = (ev: GraphEvent) => !!ourBookingId(ev);

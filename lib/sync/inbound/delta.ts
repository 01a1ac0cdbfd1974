// Per-calendar catch-up: calendarView/delta from the stored delta link (full window on first run or
// when Graph says the sync state expired), each changed or removed event applied like a notification
// (new invitations in bulk), and the sync-state bookkeeping reconcile does for many calendars at once.
import { and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookingStatuses,
  bookings,
  calendarSyncState,
  eventLinks,
  type Booking,
  type CalendarSyncState,
  type EventLink,
  type Integration,
} from "@/db/schema";
import { GraphRequestError, IMMUTABLE_ID } from "@/lib/graph";
import { getIntegration } from "@/lib/integrations";
import { eventToFields, type GraphEvent, type InboundFields } from "./event-to-booking";
import { bulkCreatable, createFromDelta, type NewEvent } from "./delta-create";
import { callGraph } from "@/lib/sync/graph-access";
import { answerForStatus } from "./create";
import { processEvent } from "./process";
import { changedBooking } from "./outcome";
import { sameAsBooked } from "./update";
import { needsAnswer } from "./respond";
import { mastersOf, readEvents, refKey, writtenByRoomlink, type EventRef } from "@/lib/sync/inbound/series/delta";
import { logSync, type SyncLogInput } from "@/lib/sync/sync-log";

/** The sync window: what Roomlink mirrors (seed 003: only future events sync). */
export function syncWindow(now = new Date()): { start: Date; end: Date } {
  return { start: new Date(now.getTime() - 24 * 3600_000), end: new Date(now.getTime() + 365 * 24 * 3600_000) };
}

/**
 * A delta link keeps the startDateTime/endDateTime of the round it began with
 * (https://learn.microsoft.com/graph/delta-query-events: "the same window ... for subsequent
 * rounds"), so the window stops moving with time: what is new further ahead than its end is never
 * seen, and an event moved past it comes back as @removed. Once its end lags the current window's
 * end by this many days, a fresh round over the current window replaces the link. A week: a full
 * round costs about a page per 200 events of the calendar, so renewing weekly costs little, and the
 * week at the far end of a year ahead is still watched by change notifications meanwhile.
 */
export const WINDOW_RENEW_DAYS = 7;

export function windowAged(
  state: Pick<CalendarSyncState, "deltaLink" | "windowStart" | "windowEnd"> | undefined,
  now = new Date(),
): boolean {
  if (!state?.deltaLink) return false; // no link: the next round is a fresh one anyway
  if (!state.windowEnd || !state.windowStart) return true; // written before windows were tracked
  return state.windowEnd.getTime() < syncWindow(now).end.getTime() - WINDOW_RENEW_DAYS * 24 * 3600_000;
}

export type DeltaPage = {
  value?: (GraphEvent & { "@removed"?: unknown })[];
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
};
/** Our own Prefer replaces the client's default one, so the immutable-id preference is repeated here. */
export const DELTA_PREFER = `${IMMUTABLE_ID}, odata.maxpagesize=200`;

export async function loadSyncState(integrationId: string, mailbox: string): Promise<CalendarSyncState | undefined> {
  const db = await getDb();
  const [state] = await db
    .select()
    .from(calendarSyncState)
    .where(
      and(
        eq(calendarSyncState.integrationId, integrationId),
        sql`lower(${calendarSyncState.mailbox}) = lower(${mailbox})`,
      ),
    );
  return state;
}

export function freshDeltaUrl(mailbox: string, now = new Date(), win = syncWindow(now)): string {
  const root = mailbox === "me" ? "/me" : `/users/${encodeURIComponent(mailbox)}`;
  return `${root}/calendarView/delta?startDateTime=${win.start.toISOString()}&endDateTime=${win.end.toISOString()}`;
}

/** `$batch` wants URLs relative to the version: strip `https://host/v1.0` from stored links. */
export function relativeGraphUrl(url: string): string {
  return url.replace(/^https?:\/\/[^/]+\/(v1\.0|beta)(?=\/)/, "");
}

export type DeltaItem = NonNullable<DeltaPage["value"]>[number];

/** What applying delta items did, per mailbox as given: bookings changed, and the first failure. */
export interface Applied {
  changes: Map<string, number>;
  errors: Map<string, unknown>;
}

/**
 * Apply delta items of one or more calendars. Events Roomlink already saw at this changeKey are
 * skipped, invitations new to Roomlink are created in bulk (delta-create.ts); everything else goes
 * through processEvent like a notification: occurrences and exceptions through their series master
 * (read once per master, delta-series.ts), `@removed` of a linked event only after reading it again.
 * A calendar stops at its first failure (its delta link is then not advanced, so the next run reads
 * it again); other calendars go on.
 */
export async function applyDeltaItems(
  integration: Integration,
  pages: { mailbox: string; items: DeltaItem[] }[],
): Promise<Applied> {
  const out: Applied = { changes: new Map(), errors: new Map() };
  const add = (mailbox: string, n: number) => out.changes.set(mailbox, (out.changes.get(mailbox) ?? 0) + n);
  const all = pages.flatMap((p) => {
    add(p.mailbox, 0);
    return p.items.map((item) => ({ mailbox: p.mailbox, item }));
  });
  if (!all.length) return out;
  const links = await linksOf(
    integration.id,
    all.map((x) => x.item.id),
  );
  const linkOf = (mailbox: string, id: string) => links.get(`${mailbox.toLowerCase()}|${id}`);
  const bulk: NewEvent[] = [];
  const touched: { link: LinkRow; ev: GraphEvent; mailbox: string }[] = [];
  const instances: { mailbox: string; item: DeltaItem }[] = [];
  const gone: EventRef[] = [];
  let single: { mailbox: string; item: DeltaItem }[] = [];
  for (const x of all) {
    const link = linkOf(x.mailbox, x.item.id);
    const removed = "@removed" in x.item;
    if (!link && removed) continue; // processEvent: ignored("nothing")
    if (removed) {
      gone.push({ mailbox: x.mailbox, id: x.item.id });
      continue;
    }
    const changeKey = x.item.changeKey;
    if (link && changeKey && changeKey === link.seenChangeKey && changeKey !== link.writtenChangeKey) continue; // "duplicate"
    // An exception of a series Roomlink wrote is linked on its own and applied as such; every other
    // instance (and a master, should one come) is applied through its master below.
    const instance = x.item.type === "occurrence" || x.item.type === "exception" || x.item.type === "seriesMaster";
    if (instance && !(x.item.type === "exception" && link?.seriesMasterId)) {
      instances.push(x);
      continue;
    }
    if (!link && bulkCreatable(x.mailbox, x.item)) bulk.push({ mailbox: x.mailbox, ev: x.item });
    else if (
      link &&
      changeKey &&
      changeKey !== link.writtenChangeKey &&
      x.item.type === "singleInstance" &&
      !x.item.isCancelled
    ) {
      touched.push({ link, ev: x.item, mailbox: x.mailbox });
    } else single.push(x);
  }
  // Linked events with a new changeKey that still show what is booked (a room's answer, an attendee's
  // reply): marked seen in one statement; the rest is judged one by one.
  const unchanged = await markUnchanged(integration, touched);
  single = [
    ...touched.filter((t) => !unchanged.has(t.link.id)).map((t) => ({ mailbox: t.mailbox, item: t.ev })),
    ...single,
  ];
  const created = await createFromDelta(integration, bulk);
  for (const [mailbox, n] of created.created) add(mailbox, n);
  for (const [mailbox, e] of created.errors) out.errors.set(mailbox, e);
  const apply = async (mailbox: string, eventId: string, prefetched: GraphEvent | null | undefined) => {
    if (out.errors.has(mailbox)) return;
    try {
      const outcome = await processEvent({ integrationId: integration.id, mailbox, eventId }, prefetched);
      // Changes made to bookings; refusals (declined, rejected, locked) and skips changed nothing.
      if (changedBooking(outcome)) add(mailbox, 1);
    } catch (e) {
      out.errors.set(mailbox, e);
    }
  };
  for (const x of [...created.rest.map((r) => ({ mailbox: r.mailbox, item: r.ev })), ...single])
    await apply(x.mailbox, x.item.id, x.item);

  // Series masters and removed events, read again (in $batch when many) before they are applied.
  const masters = await mastersOf(integration.id, instances);
  const masterLinks = await linksOf(
    integration.id,
    masters.map((m) => m.id),
  );
  const read = await readEvents(
    integration,
    [...gone, ...masters].filter((r) => !out.errors.has(r.mailbox)),
  );
  for (const [mailbox, e] of read.errors) if (!out.errors.has(mailbox)) out.errors.set(mailbox, e);
  for (const r of gone) {
    // processEvent cancels on null (404) or isCancelled, and updates an event that only left the window.
    if (read.events.has(refKey(r))) await apply(r.mailbox, r.id, read.events.get(refKey(r)));
  }
  for (const m of masters) {
    if (!read.events.has(refKey(m))) continue;
    const ev = read.events.get(refKey(m))!;
    const link = masterLinks.get(refKey(m));
    if (ev && !link && writtenByRoomlink(ev)) continue; // the outbound job links its own series
    if (ev && link && ev.changeKey && ev.changeKey === link.seenChangeKey && ev.changeKey !== link.writtenChangeKey)
      continue;
    // An unknown master is read once more by processEvent (it decides on its own read); a known one is not.
    await apply(m.mailbox, m.id, ev);
  }
  return out;
}

type LinkRow = Pick<EventLink, "id" | "bookingId" | "seenChangeKey" | "writtenChangeKey" | "seriesMasterId">;

async function linksOf(integrationId: string, eventIds: string[]): Promise<Map<string, LinkRow>> {
  const db = await getDb();
  const out = new Map<string, LinkRow>();
  const ids = [...new Set(eventIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .select({
        id: eventLinks.id,
        bookingId: eventLinks.bookingId,
        mailbox: eventLinks.mailbox,
        eventId: eventLinks.eventId,
        seenChangeKey: eventLinks.seenChangeKey,
        writtenChangeKey: eventLinks.writtenChangeKey,
        seriesMasterId: eventLinks.seriesMasterId,
      })
      .from(eventLinks)
      .where(and(eq(eventLinks.integrationId, integrationId), inArray(eventLinks.eventId, ids.slice(i, i + 1000))));
    for (const r of rows) out.set(`${r.mailbox.toLowerCase()}|${r.eventId}`, r);
  }
  return out;
}

/**
 * Of linked single events with a new changeKey, those processEvent would find "unchanged" with
 * nothing to answer (same content as booked, the room's answer already the one its status calls
 * for): their changeKey is stored as seen in one statement. Returns their link ids.
 */
async function markUnchanged(
  integration: Integration,
  touched: { link: LinkRow; ev: GraphEvent }[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!touched.length) return out;
  const db = await getDb();
  const statuses = new Map((await db.select().from(bookingStatuses)).map((s) => [s.id, s]));
  const booked = new Map<string, Booking>();
  const ids = [...new Set(touched.map((t) => t.link.bookingId))];
  for (let i = 0; i < ids.length; i += 1000) {
    for (const b of await db
      .select()
      .from(bookings)
      .where(inArray(bookings.id, ids.slice(i, i + 1000))))
      booked.set(b.id, b);
  }
  const seen: { id: string; changeKey: string }[] = [];
  for (const { link, ev } of touched) {
    const b = booked.get(link.bookingId);
    if (!b || b.recurrenceGroupId) continue;
    let f: InboundFields;
    try {
      f = eventToFields(ev);
    } catch {
      continue;
    }
    if (!sameAsBooked(integration, b, f)) continue;
    const answer = answerForStatus(statuses.get(b.statusId));
    if (answer && needsAnswer(integration, ev, answer)) continue;
    seen.push({ id: link.id, changeKey: ev.changeKey! });
    out.add(link.id);
  }
  for (let i = 0; i < seen.length; i += 1000) {
    const rows = sql.join(
      seen.slice(i, i + 1000).map((x) => sql`(${x.id}::uuid, ${x.changeKey}::text)`),
      sql`, `,
    );
    await db.execute(
      sql`update ${eventLinks} l set seen_change_key = v.ck, updated_at = now() from (values ${rows}) as v(id, ck) where l.id = v.id`,
    );
  }
  return out;
}

/**
 * Follow a calendar's delta from `url` (or from an already fetched first page) to its new delta
 * link and store it. An expired token (410 SyncStateNotFound) restarts over the full window.
 */
export async function followDelta(
  integration: Integration,
  mailbox: string,
  opts: {
    url?: string;
    firstPage?: DeltaPage;
    full?: boolean;
    state?: CalendarSyncState | null;
    changesSoFar?: number;
    window?: { start: Date; end: Date };
    /** Start over with a fresh round over the current window (the stored link is replaced once it finishes). */
    restart?: boolean;
  } = {},
): Promise<{ changes: number; full: boolean }> {
  const state = opts.state === undefined ? await loadSyncState(integration.id, mailbox) : (opts.state ?? undefined);
  const freshWindow = syncWindow();
  const fresh = freshDeltaUrl(mailbox, undefined, freshWindow);
  let url = opts.restart ? fresh : (opts.url ?? state?.deltaLink ?? fresh);
  let full = opts.restart || (opts.full ?? !state?.deltaLink);
  // The window the link we end with covers: the fresh one when this round starts over, else the stored one.
  let window = opts.window ?? (url === fresh ? freshWindow : undefined);
  let changes = opts.changesSoFar ?? 0;
  let page: DeltaPage | undefined = opts.firstPage;
  for (let n = 0; n < 100_000; n++) {
    if (!page) {
      try {
        page = await callGraph(
          integration,
          mailbox,
          (c) => c.api(url).header("Prefer", DELTA_PREFER).get() as Promise<DeltaPage>,
        );
      } catch (e) {
        if (e instanceof GraphRequestError && (e.status === 410 || e.status === 400) && url !== fresh) {
          url = fresh;
          full = true;
          window = freshWindow;
          continue;
        }
        throw e;
      }
    }
    const applied = await applyDeltaItems(integration, [{ mailbox, items: page.value ?? [] }]);
    if (applied.errors.has(mailbox)) throw applied.errors.get(mailbox);
    changes += applied.changes.get(mailbox) ?? 0;
    if (page["@odata.nextLink"]) {
      url = page["@odata.nextLink"];
      page = undefined;
      continue;
    }
    await saveSyncState(integration.id, mailbox, state, {
      deltaLink: page["@odata.deltaLink"] ?? null,
      lastReconcileChanges: changes,
      lastError: null,
      lastErrorAt: null,
      ...(window && { windowStart: window.start, windowEnd: window.end }),
    });
    break;
  }
  if (changes || full) await logSync(deltaLogEntry(integration.id, mailbox, changes, full));
  return { changes, full };
}

export function deltaLogEntry(integrationId: string, mailbox: string, changes: number, full: boolean): SyncLogInput {
  return {
    integrationId,
    direction: "reconcile",
    action: full ? "delta.full" : "delta",
    outcome: "ok",
    mailbox,
    message: `${changes} change(s) applied`,
  };
}

/** Every calendar's sync state of an integration, by lower-cased mailbox. */
export async function loadSyncStates(integrationId: string): Promise<Map<string, CalendarSyncState>> {
  const db = await getDb();
  const rows = await db.select().from(calendarSyncState).where(eq(calendarSyncState.integrationId, integrationId));
  return new Map(rows.map((r) => [r.mailbox.toLowerCase(), r]));
}

/**
 * Store finished delta rounds of many calendars in two statements: new delta link, no error. A
 * round that began fresh records its window; a followed link keeps the window it was made for.
 */
export async function saveDeltaLinks(
  integrationId: string,
  done: {
    mailbox: string;
    state: CalendarSyncState | undefined;
    deltaLink: string | null;
    changes: number;
    window?: { start: Date; end: Date };
  }[],
): Promise<void> {
  if (!done.length) return;
  const db = await getDb();
  const now = new Date();
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const known = done.filter((d) => d.state);
  if (known.length) {
    const rows = sql.join(
      known.map(
        (d) => sql`(${d.state!.id}::uuid, ${d.deltaLink}::text, ${d.changes}::int,
      ${iso(d.window?.start ?? d.state!.windowStart)}::timestamptz, ${iso(d.window?.end ?? d.state!.windowEnd)}::timestamptz)`,
      ),
      sql`, `,
    );
    await db.execute(sql`update ${calendarSyncState} s set delta_link = v.link, last_reconcile_changes = v.changes,
      window_start = v.ws, window_end = v.we,
      last_reconcile_at = ${now.toISOString()}::timestamptz, last_error = null, last_error_at = null
      from (values ${rows}) as v(id, link, changes, ws, we) where s.id = v.id`);
  }
  const fresh = done.filter((d) => !d.state);
  if (fresh.length) {
    await db
      .insert(calendarSyncState)
      .values(
        fresh.map((d) => ({
          integrationId,
          mailbox: d.mailbox,
          deltaLink: d.deltaLink,
          lastReconcileChanges: d.changes,
          windowStart: d.window?.start ?? null,
          windowEnd: d.window?.end ?? null,
          lastReconcileAt: now,
        })),
      )
      .onConflictDoNothing();
  }
}

export async function saveSyncState(
  integrationId: string,
  mailbox: string,
  state: CalendarSyncState | undefined,
  values: Partial<CalendarSyncState>,
): Promise<void> {
  const db = await getDb();
  const v = { lastReconcileAt: new Date(), ...values };
  if (state) await db.update(calendarSyncState).set(v).where(eq(calendarSyncState.id, state.id));
  else
    await db
      .insert(calendarSyncState)
      .values({ integrationId, mailbox, ...v })
      .onConflictDoNothing();
}

export async function runCalendarDelta(
  integrationId: string,
  mailbox: string,
): Promise<{ changes: number; full: boolean }> {
  return followDelta(await getIntegration(integrationId), mailbox);
}

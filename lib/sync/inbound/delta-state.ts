// A calendar's delta state: the sync window and when a delta link's frozen window is renewed, the
// first-round URL, and the calendar_sync_state rows (delta link, window, last round) read and written
// for one calendar (delta.ts) or many at once (reconcile/reconcile.ts).
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { calendarSyncState, type CalendarSyncState } from "@/db/schema";
import { IMMUTABLE_ID } from "@/lib/graph";
import { sameMailbox } from "@/lib/sync/mailbox";
import type { SyncLogInput } from "@/lib/sync/sync-log";
import type { GraphEvent } from "./event-to-booking";

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
    .where(and(eq(calendarSyncState.integrationId, integrationId), sameMailbox(calendarSyncState.mailbox, mailbox)));
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

export function deltaLogEntry(integrationId: string, mailbox: string, changes: number, full: boolean): SyncLogInput {
  return {
    integrationId,
    direction: "reconcile",
    action: full ? "delta.full" : "delta",
    outcome: "ok",
    mailbox,
    code: "changes_applied",
    params: { count: changes },
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

// Per-calendar catch-up: calendarView/delta from the stored delta link (full window on first run or
// when Graph says the sync state expired), each changed or removed event applied like a notification.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { calendarSyncState, type CalendarSyncState, type Integration } from "@/db/schema";
import { GraphRequestError, IMMUTABLE_ID } from "@/lib/graph";
import { getIntegration } from "@/lib/integrations";
import type { GraphEvent } from "./event-to-booking";
import { callGraph } from "./graph-access";
import { processEvent } from "./process-event";
import { logSync } from "./sync-log";

/** The sync window: what Roomlink mirrors (seed 003: only future events sync). */
export function syncWindow(now = new Date()): { start: Date; end: Date } {
  return { start: new Date(now.getTime() - 24 * 3600_000), end: new Date(now.getTime() + 365 * 24 * 3600_000) };
}

export type DeltaPage = { value?: (GraphEvent & { "@removed"?: unknown })[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };
/** Our own Prefer replaces the client's default one, so the immutable-id preference is repeated here. */
export const DELTA_PREFER = `${IMMUTABLE_ID}, odata.maxpagesize=200`;

export async function loadSyncState(integrationId: string, mailbox: string): Promise<CalendarSyncState | undefined> {
  const db = await getDb();
  const [state] = await db.select().from(calendarSyncState)
    .where(and(eq(calendarSyncState.integrationId, integrationId), sql`lower(${calendarSyncState.mailbox}) = lower(${mailbox})`));
  return state;
}

export function freshDeltaUrl(mailbox: string, now = new Date()): string {
  const win = syncWindow(now);
  const root = mailbox === "me" ? "/me" : `/users/${encodeURIComponent(mailbox)}`;
  return `${root}/calendarView/delta?startDateTime=${win.start.toISOString()}&endDateTime=${win.end.toISOString()}`;
}

/** `$batch` wants URLs relative to the version: strip `https://host/v1.0` from stored links. */
export function relativeGraphUrl(url: string): string {
  return url.replace(/^https?:\/\/[^/]+\/(v1\.0|beta)(?=\/)/, "");
}

/** Apply one page; returns the number of bookings it changed. */
export async function applyDeltaPage(integrationId: string, mailbox: string, page: DeltaPage): Promise<number> {
  let changes = 0;
  for (const item of page.value ?? []) {
    // Occurrences arrive in calendarView; series are handled through their master.
    if (item.type === "occurrence") continue;
    const outcome = await processEvent({ integrationId, mailbox, eventId: item.id }, "@removed" in item ? null : item);
    if (!["unchanged", "duplicate", "echo", "nothing", "ours", "recurring"].includes(outcome)) changes++;
  }
  return changes;
}

/**
 * Follow a calendar's delta from `url` (or from an already fetched first page) to its new delta
 * link and store it. An expired token (410 SyncStateNotFound) restarts over the full window.
 */
export async function followDelta(
  integration: Integration,
  mailbox: string,
  opts: { url?: string; firstPage?: DeltaPage; full?: boolean } = {},
): Promise<{ changes: number; full: boolean }> {
  const state = await loadSyncState(integration.id, mailbox);
  const fresh = freshDeltaUrl(mailbox);
  let url = opts.url ?? state?.deltaLink ?? fresh;
  let full = opts.full ?? !state?.deltaLink;
  let changes = 0;
  let page: DeltaPage | undefined = opts.firstPage;
  for (let n = 0; n < 100_000; n++) {
    if (!page) {
      try {
        page = await callGraph(integration, mailbox, (c) => c.api(url).header("Prefer", DELTA_PREFER).get() as Promise<DeltaPage>);
      } catch (e) {
        if (e instanceof GraphRequestError && (e.status === 410 || e.status === 400) && url !== fresh) {
          url = fresh;
          full = true;
          continue;
        }
        throw e;
      }
    }
    changes += await applyDeltaPage(integration.id, mailbox, page);
    if (page["@odata.nextLink"]) {
      url = page["@odata.nextLink"];
      page = undefined;
      continue;
    }
    await saveSyncState(integration.id, mailbox, state, { deltaLink: page["@odata.deltaLink"] ?? null, lastReconcileChanges: changes, lastError: null, lastErrorAt: null });
    break;
  }
  if (changes || full) await logSync({ integrationId: integration.id, direction: "reconcile", action: full ? "delta.full" : "delta", outcome: "ok", mailbox, message: `${changes} change(s) applied` });
  return { changes, full };
}

export async function saveSyncState(
  integrationId: string, mailbox: string, state: CalendarSyncState | undefined, values: Partial<CalendarSyncState>,
): Promise<void> {
  const db = await getDb();
  const win = syncWindow();
  const v = { windowStart: win.start, windowEnd: win.end, lastReconcileAt: new Date(), ...values };
  if (state) await db.update(calendarSyncState).set(v).where(eq(calendarSyncState.id, state.id));
  else await db.insert(calendarSyncState).values({ integrationId, mailbox, ...v }).onConflictDoNothing();
}

export async function runCalendarDelta(integrationId: string, mailbox: string): Promise<{ changes: number; full: boolean }> {
  return followDelta(await getIntegration(integrationId), mailbox);
}

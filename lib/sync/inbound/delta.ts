// Per-calendar catch-up: calendarView/delta from the stored delta link (full window on first run or
// when Graph says the sync state expired), each page applied (delta-apply.ts) and the new link stored
// (delta-state.ts); reconcile/reconcile.ts runs the same rounds for many calendars at once.
import type { CalendarSyncState, Integration } from "@/db/schema";
import { GraphRequestError } from "@/lib/graph";
import { getIntegration } from "@/lib/integrations";
import { callGraph } from "@/lib/sync/graph-access";
import { logSync } from "@/lib/sync/sync-log";
import { applyDeltaItems } from "./delta-apply";
import {
  DELTA_PREFER,
  deltaLogEntry,
  freshDeltaUrl,
  loadSyncState,
  saveSyncState,
  syncWindow,
  type DeltaPage,
} from "./delta-state";

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

export async function runCalendarDelta(
  integrationId: string,
  mailbox: string,
): Promise<{ changes: number; full: boolean }> {
  return followDelta(await getIntegration(integrationId), mailbox);
}

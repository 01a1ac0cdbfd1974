// The calendar view of a mailbox: single instances plus expanded occurrences/exceptions in a window,
// shared by calendarView, instances, delta, room conflict checks and the UI.
import type { EventStore } from "./events-store";
import type { StoredEvent } from "./model";
import { expandSeries, type Instance } from "./recurrence";

export interface ViewItem {
  ev: StoredEvent;
  occ?: Instance;
  startMs: number;
  endMs: number;
  cancelled: boolean;
}

export function instancesOf(ev: StoredEvent, fromMs: number, toMs: number, includeCancelled = false): ViewItem[] {
  if (ev.recurrence) {
    return expandSeries(ev, fromMs, toMs)
      .filter((i) => includeCancelled || !i.cancelled)
      .map((occ) => ({
        ev,
        occ,
        startMs: Date.parse(occ.startUtc),
        endMs: Date.parse(occ.endUtc),
        cancelled: occ.cancelled,
      }));
  }
  const s = Date.parse(ev.start.utc);
  const e = Date.parse(ev.end.utc);
  // Graph's calendarView includes zero-length events that start inside the window.
  const overlaps = s < toMs && (e > fromMs || (s === e && s >= fromMs));
  return overlaps ? [{ ev, startMs: s, endMs: e, cancelled: false }] : [];
}

export function calendarView(store: EventStore, mailboxId: string, fromMs: number, toMs: number): ViewItem[] {
  const out: ViewItem[] = [];
  for (const ev of store.list(mailboxId)) out.push(...instancesOf(ev, fromMs, toMs));
  return out.sort((a, b) => a.startMs - b.startMs || a.ev.key.localeCompare(b.ev.key));
}

export function instanceAt(ev: StoredEvent, original: string): Instance | undefined {
  const ms = Date.parse(original);
  const exc = ev.exceptions[original]?.overrides;
  // Search a window around both the original slot and a moved exception's slot.
  const from = Math.min(ms, exc?.start ? Date.parse(exc.start.utc) : ms) - 1;
  const to = Math.max(ms, exc?.end ? Date.parse(exc.end.utc) : ms) + 86_400_000 * 2;
  return expandSeries(ev, from, to).find((i) => i.original === original);
}

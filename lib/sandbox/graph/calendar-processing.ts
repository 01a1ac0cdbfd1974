// A room's Set-CalendarProcessing settings with Exchange Online's documented defaults, and the
// Resource Booking Attendant's policy checks (AutoAccept only) that decide accept or decline.
// https://learn.microsoft.com/powershell/module/exchange/set-calendarprocessing
import type { CalendarProcessingSettings, DirectoryUser } from "@/lib/sandbox/contracts";
import { instancesOf } from "./calendar-view";
import type { StoredEvent } from "./model";

export type CalendarProcessing = Required<CalendarProcessingSettings> & {
  addOrganizerToSubject: boolean;
  deleteSubject: boolean;
};

/** The cmdlet's defaults for a room mailbox (RemoveCanceledMeetings $false: office-docs-powershell PR 11243). */
export const DEFAULT_PROCESSING: CalendarProcessing = {
  automateProcessing: "AutoAccept",
  bookingWindowInDays: 180,
  enforceSchedulingHorizon: true,
  maximumDurationInMinutes: 1440,
  allowConflicts: false,
  allowRecurringMeetings: true,
  addOrganizerToSubject: true,
  deleteSubject: true,
  deleteComments: true,
  removePrivateProperty: true,
  removeCanceledMeetings: false,
};

export function processingOf(room: DirectoryUser): CalendarProcessing {
  const p = { ...DEFAULT_PROCESSING, ...stripUndefined(room.processing ?? {}) };
  if (room.addOrganizerToSubject !== undefined) p.addOrganizerToSubject = room.addOrganizerToSubject;
  if (room.deleteSubject !== undefined) p.deleteSubject = room.deleteSubject;
  if (!room.processing?.automateProcessing && room.autoAccept === false) p.automateProcessing = "AutoUpdate";
  return p;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const DAY = 86_400_000;
/** How far ahead a series is expanded when it has no end (well past any booking window the cmdlet allows, 1080 days). */
const NO_END_HORIZON = 1100 * DAY;

export type Refusal = "recurring" | "duration" | "window" | "horizon";

/**
 * Why the Resource Booking Attendant declines `ev` before looking at conflicts, or undefined.
 * AllowRecurringMeetings $false declines any series; MaximumDurationInMinutes bounds each meeting (0 = no
 * limit); BookingWindowInDays: a meeting starting beyond it is declined; EnforceSchedulingHorizon $true:
 * a series that starts inside the window but runs past it is declined ($false: accepted, occurrences past
 * the window not checked - the doc's truncation is not modelled).
 */
export function policyRefusal(p: CalendarProcessing, ev: StoredEvent, nowMs = Date.now()): Refusal | undefined {
  if (ev.recurrence && !p.allowRecurringMeetings) return "recurring";
  const minutes = (Date.parse(ev.end.utc) - Date.parse(ev.start.utc)) / 60_000;
  if (p.maximumDurationInMinutes > 0 && minutes > p.maximumDurationInMinutes) return "duration";
  const windowEnd = nowMs + p.bookingWindowInDays * DAY;
  if (Date.parse(ev.start.utc) > windowEnd) return "window";
  if (ev.recurrence && p.enforceSchedulingHorizon) {
    if (ev.recurrence.range.type === "noEnd") return "horizon";
    const all = instancesOf(ev, Date.parse(ev.start.utc), Date.parse(ev.start.utc) + NO_END_HORIZON);
    if (all.some((i) => i.endMs > windowEnd)) return "horizon";
  }
  return undefined;
}

/** The end of the span a room checks for conflicts: the booking window for a series, the meeting itself otherwise. */
export function conflictWindowEnd(p: CalendarProcessing, ev: StoredEvent, nowMs = Date.now()): number {
  return ev.recurrence
    ? Math.max(Date.parse(ev.start.utc), nowMs + p.bookingWindowInDays * DAY)
    : Date.parse(ev.end.utc);
}

// What applying one Outlook event did (process.ts and its create / update / remove steps): a
// discriminated union instead of bare strings, so callers (delta rounds, the job handler, tests)
// switch on `kind` and the compiler knows every case.

/** Refusals: the change reached Roomlink and was refused (the organizer hears why in Outlook where it matters). */
export type RefusalReason =
  /** A new meeting the booking rules refused: the room declined it. */
  | "declined"
  /** A change to a booked meeting the booking rules refused: the original time kept. */
  | "rejected"
  /** The booking's status locks it against changes (or removal) from Outlook. */
  | "locked";

/** Nothing to apply, or nothing this event may change. */
export type IgnoredReason =
  /** The integration is no longer active. */
  | "inactive"
  /** No Roomlink room is mapped to the mailbox. */
  | "unmapped"
  /** No inbound status is configured, so no booking can be made. */
  | "no-status"
  /** Our own write coming back (the changeKey we wrote, or an event deleted while we delete it). */
  | "echo"
  /** An event Roomlink wrote and links itself. */
  | "ours"
  /** A changeKey already applied. */
  | "duplicate"
  /** An occurrence or exception applied through its series master, or a pattern Roomlink cannot book. */
  | "recurring"
  /** A removed or cancelled event Roomlink never booked. */
  | "nothing"
  /** The linked booking no longer exists. */
  | "gone";

export type InboundOutcome =
  | { kind: "created"; bookingId: string }
  | { kind: "updated"; bookingId: string }
  | { kind: "unchanged" }
  | { kind: "cancelled" }
  /** A series Roomlink wrote that Outlook changed or emptied: written again as booked. */
  | { kind: "rewritten" }
  | { kind: "refused"; reason: RefusalReason }
  | { kind: "ignored"; reason: IgnoredReason };

export const refused = (reason: RefusalReason): InboundOutcome => ({ kind: "refused", reason });
export const ignored = (reason: IgnoredReason): InboundOutcome => ({ kind: "ignored", reason });

/** Did it change a booking (what a delta round counts as a change)? Refusals and skips changed nothing. */
export function changedBooking(o: InboundOutcome): boolean {
  return o.kind === "created" || o.kind === "updated" || o.kind === "cancelled";
}

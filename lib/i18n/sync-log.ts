// A sync-log line in the reader's language. Lines store a code + params (sync_log.code / params):
// the syncLog message area says them, a booking refusal inside them comes from the booking core's
// messages. Rows written before codes store English text: the sentences the engine
// wrote are recognised and said from their code too, anything else shows as stored.
import type { StoredRefusal, SyncLogEntry, SyncLogParams } from "@/db/schema";
import { messages as bookingMessages, renderMessage, type MessageCode } from "@/lib/bookings/messages";
import { catalog, translator, type MessageKey } from "./catalog";
import type { Locale } from "./define";

export type SyncLogCode = MessageKey<"syncLog">;
export type SyncLogLine = Pick<SyncLogEntry, "code" | "params" | "message">;

export function isSyncLogCode(code: string): code is SyncLogCode {
  return Object.hasOwn(catalog.syncLog.en, code);
}

/** A refusal's issues in one language, "; " between them (as BookingError's message). */
export function renderRefusal(r: StoredRefusal, locale: Locale): string {
  return r.issues
    .filter((i) => Object.hasOwn(bookingMessages.en, i.code))
    .map((i) => renderMessage(i.code as MessageCode, i.params, locale))
    .join("; ");
}

/** English the engine stored before codes: the sentence → its code and params (reason stays English). */
const LEGACY: [RegExp, SyncLogCode, (m: RegExpMatchArray) => SyncLogParams][] = [
  [/^Our own change \(echo\)\.$/, "echo", () => ({})],
  [/^The integration is not active: this Outlook change was not applied\.$/, "integration_inactive", () => ({})],
  [/^No Roomlink room is mapped to (.+)\.$/, "no_room_mapped", (m) => ({ mailbox: m[1]! })],
  [/^No inbound status is configured: set one on the inbound screen\.$/, "no_inbound_status", () => ({})],
  [
    /^This recurring meeting has no recurrence pattern, so it cannot be booked in Roomlink\.$/,
    "no_pattern",
    () => ({}),
  ],
  [
    /^This recurrence pattern \((.+)\) cannot be booked in Roomlink\.$/,
    "unsupported_pattern",
    (m) => ({ pattern: m[1]! }),
  ],
  [/^Change refused, original time kept: (.+)$/s, "refused_time_kept", (m) => ({ reason: m[1]! })],
  [/^Change refused, original times kept: (.+)$/s, "refused_times_kept", (m) => ({ reason: m[1]! })],
  [/^New pattern refused, original dates kept: (.+)$/s, "pattern_refused", (m) => ({ reason: m[1]! })],
  [/^New pattern: (\d+) occurrence\(s\) added$/, "pattern_added", (m) => ({ count: Number(m[1]) })],
  [/^Updates from Outlook are switched off\.$/, "updates_off", () => ({})],
  [/^The booking's status locks it against updates from Outlook\.$/, "update_locked", () => ({})],
  [/^The booking's status locks it against cancellation from Outlook\.$/, "delete_locked", () => ({})],
  [/^(\d+) occurrence\(s\) cancelled$/, "occurrences_cancelled", (m) => ({ count: Number(m[1]) })],
  [
    /^(\d+) occurrence\(s\) cancelled, (\d+) kept: /,
    "occurrences_cancelled_kept",
    (m) => ({ count: Number(m[1]), kept: Number(m[2]) }),
  ],
  [/^Tentative, with the comment: (.*)$/s, "tentative", (m) => ({ comment: m[1]! })],
  [/^(\d+) change\(s\) applied$/, "changes_applied", (m) => ({ count: Number(m[1]) })],
  [/^Graph removed the subscription; created a new one\.$/, "subscription_recreated", () => ({})],
  [/^The series Roomlink wrote was moved or given another pattern in Outlook\./, "series_rewritten", () => ({})],
  [/^No room mailbox is mapped to "(.+)" in this integration: /, "location_only", (m) => ({ room: m[1]! })],
  [
    /^(\S+) \((.+)\) declined the invitation: its Outlook calendar is busy/,
    "room_declined_busy",
    (m) => ({ mailbox: m[1]!, room: m[2]! }),
  ],
  [/^No occurrence of the series is left to show: the Outlook series was deleted\.$/, "series_emptied", () => ({})],
  [/^The booking moved to another room\.$/, "moved_room", () => ({})],
  [
    /^The occurrence moved past a neighbouring one: it is written as an event of its own\.$/,
    "occurrence_left_series",
    () => ({}),
  ],
  [
    /^Graph reads (\S+) again(?: after (\d+) min)?; (\d+) waiting job\(s\) resume\.$/,
    "mailbox_access_back",
    (m) => ({ mailbox: m[1]!, minutes: m[2] === undefined ? -1 : Number(m[2]), waiting: Number(m[3]) }),
  ],
  [
    /^(\d+) calendars, (\d+) changes, (\d+) renewed, (\d+) recreated, (\d+) pushed, (\d+) errors$/,
    "reconcile_summary",
    (m) => ({
      mailboxes: Number(m[1]),
      changes: Number(m[2]),
      renewed: Number(m[3]),
      recreated: Number(m[4]),
      pushed: Number(m[5]),
      errors: Number(m[6]),
    }),
  ],
  [
    /^(\d+) notification\(s\) for subscription (\S+) carried a wrong clientState and were discarded since (\d\d:\d\d) UTC$/,
    "forged_notifications",
    (m) => ({ count: Number(m[1]), subscription: m[2]!, since: m[3]! }),
  ],
];

/** "1 h 30 min", "2 h", "45 min" (the booking core's English durations) → minutes. */
function minutesOf(text: string): number {
  const m = /^(?:(\d+) h)? ?(?:(\d+) min)?$/.exec(text);
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : NaN;
}

/** The booking core's English policy refusals stored before codes → their codes (what Outlook refusals say most). */
const LEGACY_REFUSALS: [RegExp, MessageCode, (m: RegExpMatchArray) => Record<string, string | number>][] = [
  [/^(.+) can be booked at most (\d+) days ahead$/, "advance_window", (m) => ({ room: m[1]!, days: m[2]! })],
  [/^The maximum duration for (.+) is (.+)$/, "max_duration", (m) => ({ room: m[1]!, maxMinutes: minutesOf(m[2]!) })],
  [
    /^Bookings for (.+) must be made at least (.+) ahead$/,
    "min_lead",
    (m) => ({ room: m[1]!, leadMinutes: minutesOf(m[2]!) }),
  ],
  [
    /^(.+) holds (\d+) people; (\d+) attendees requested$/,
    "capacity",
    (m) => ({ room: m[1]!, capacity: m[2]!, attendees: m[3]! }),
  ],
  [
    /^(.+) can be booked between (\S+) and (\S+) \(local time\), on one day$/,
    "outside_hours",
    (m) => ({ room: m[1]!, from: m[2]!, until: m[3]! }),
  ],
  [/^(.+) is switched off for booking; activate it under Rooms first$/, "room_inactive", (m) => ({ room: m[1]! })],
];

function refusalPart(text: string): StoredRefusal["issues"][number] | null {
  for (const [re, code, params] of LEGACY_REFUSALS) {
    const m = text.match(re);
    if (!m) continue;
    const p = params(m);
    return Object.values(p).some((v) => Number.isNaN(v)) ? null : { code, params: p };
  }
  return null;
}

/** A stored English refusal ("a; b", a part may hold "; " itself) when every part is recognised, else null. */
function legacyRefusal(text: string): StoredRefusal | null {
  const parts = text.split("; ");
  const from = (i: number): StoredRefusal["issues"] | null => {
    if (i === parts.length) return [];
    for (let j = i + 1; j <= parts.length; j++) {
      const head = refusalPart(parts.slice(i, j).join("; "));
      const rest = head ? from(j) : null;
      if (head && rest) return [head, ...rest];
    }
    return null;
  };
  const issues = from(0);
  return issues?.length ? { issues } : null;
}

function legacy(message: string): { code: SyncLogCode; params: SyncLogParams } | null {
  for (const [re, code, params] of LEGACY) {
    const m = message.match(re);
    if (!m) continue;
    const p = params(m);
    const reason = typeof p.reason === "string" ? legacyRefusal(p.reason) : null;
    return { code, params: reason ? { ...p, reason } : p };
  }
  // A refused Outlook meeting stored the refusal alone.
  const refusal = legacyRefusal(message);
  return refusal ? { code: "refused", params: { reason: refusal } } : null;
}

/** The line in `locale`: its code with params, else the stored English recognised, else the stored text. */
export function syncLogText(line: SyncLogLine, locale: Locale): string {
  const coded =
    line.code && isSyncLogCode(line.code)
      ? { code: line.code, params: line.params ?? {} }
      : line.message
        ? legacy(line.message)
        : null;
  if (!coded) return line.message ?? "";
  const params = Object.fromEntries(
    Object.entries(coded.params).map(([k, v]) => [k, typeof v === "object" ? renderRefusal(v, locale) : v]),
  );
  return translator(locale, "syncLog")(coded.code, params);
}

// The log's direction / action / outcome codes in words (the bookings area holds them).
const DIRECTIONS = new Set(["inbound", "outbound", "reconcile", "subscription", "auth"]);
const ACTIONS = new Set([
  "answer",
  "room-answer",
  "create",
  "create-series",
  "update",
  "update-occurrence",
  "update-series",
  "series-changed",
  "cancel",
  "cancel-occurrence",
  "delete",
  "delete-series",
  "recreate",
  "event",
  "reconcile",
  "reauthorize",
]);
const OUTCOMES = new Set(["ok", "skipped", "rejected", "failed"]);

export interface SyncWords {
  direction: (d: string) => string;
  action: (a: string) => string;
  outcome: (o: string) => string;
}

export function syncWords(locale: Locale): SyncWords {
  const t = translator(locale, "bookings");
  return {
    direction: (d) => (DIRECTIONS.has(d) ? t(`sync.dir.${d}` as MessageKey<"bookings">) : d),
    action: (a) => t((ACTIONS.has(a) ? `sync.action.${a}` : "sync.action.other") as MessageKey<"bookings">),
    outcome: (o) => (OUTCOMES.has(o) ? t(`sync.outcome.${o}` as MessageKey<"bookings">) : o),
  };
}

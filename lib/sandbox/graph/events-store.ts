// The event store: create / patch / delete events and occurrences in mailboxes, changeKeys and
// change sequence numbers (delta), tombstones, and change hooks (room processing, notifications).
import { randomBytes, randomUUID } from "node:crypto";
import { GraphError } from "./http";
import type { Attendee, GraphState, Location, MailboxState, Overrides, StoredEvent } from "./model";
import { crossesNeighbour, isOccurrence, normalizeRecurrence, seriesZone } from "./recurrence";
import { isMidnight, parseDateTimeTimeZone } from "./time-zones";

/**
 * isAllDay: "If true, regardless of whether it's a single-day or multi-day event, start and end time must
 * be set to midnight and be in the same time zone" (https://learn.microsoft.com/graph/api/resources/event),
 * and last at least a day (Outlook REST: "The duration of an event marked as All day must be at least 24
 * hours."). Graph answers 400; the message text here is ours (Graph's exact wording is not documented).
 */
export function checkAllDay(
  isAllDay: boolean,
  start: { utc: string; tz: string },
  end: { utc: string; tz: string },
): void {
  if (!isAllDay) return;
  if (start.tz !== end.tz || !isMidnight(start.utc, start.tz) || !isMidnight(end.utc, end.tz)) {
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "Your request can't be completed. An all-day event (isAllDay true) must start and end at midnight, with start and end in the same time zone.",
    );
  }
  if (Date.parse(end.utc) - Date.parse(start.utc) < 23 * 3_600_000) {
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "Your request can't be completed. The duration of an event marked as All day must be at least 24 hours.",
    );
  }
}

export type ChangeType = "created" | "updated" | "deleted";
/** reason "response": an attendee answered (room processing must not re-run its conflict check). */
export type ChangeListener = (change: {
  type: ChangeType;
  event: StoredEvent;
  mailboxId: string;
  reason?: "response";
}) => void;

const ZERO_TIME = "0001-01-01T00:00:00Z";
const TOMBSTONE_LIMIT = 2000;

export function newChangeKey(): string {
  return randomBytes(16).toString("base64");
}

function newICalUId(): string {
  // Shape of Exchange's global object id: fixed class id prefix, a FILETIME-like stamp, then a GUID.
  const stamp = BigInt(Date.now()) * 10_000n + 116_444_736_000_000_000n;
  const le = Buffer.alloc(8);
  le.writeBigUInt64LE(stamp);
  return (
    "040000008200E00074C5B7101A82E00800000000" +
    le.toString("hex") +
    "0000000000000000" +
    "10000000" +
    randomUUID().replace(/-/g, "")
  ).toUpperCase();
}

export function teamsJoinUrl(tenantId: string, organizerId: string): string {
  const thread = randomBytes(36).toString("base64url").slice(0, 48);
  const ctx = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizerId })).toLowerCase();
  return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${thread}%40thread.v2/0?context=${ctx}`;
}

/** v1.0 enum members (schema/v1.0-extract.json: sensitivity, freeBusyStatus, importance). */
const ENUMS = {
  sensitivity: ["normal", "personal", "private", "confidential"],
  showAs: ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"],
  importance: ["low", "normal", "high"],
} as const;

/** An extended property's value (Edm.String) as stored: scalars as text, absent as "". An object is no value: 400. */
function extendedPropertyValue(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  throw new GraphError(
    400,
    "ErrorInvalidRequest",
    "The value of the property 'singleValueExtendedProperties' is invalid.",
  );
}

/** An enum property from a request body; Graph's OData reader refuses a value that is not a member. */
function enumValue(input: Record<string, unknown>, key: keyof typeof ENUMS, fallback?: string): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return fallback;
  const hit = typeof v === "string" ? ENUMS[key].find((m) => m.toLowerCase() === v.toLowerCase()) : undefined;
  if (!hit)
    throw new GraphError(
      400,
      "RequestBodyRead",
      `Requested value '${typeof v === "string" ? v : JSON.stringify(v)}' was not found.`,
    );
  return hit;
}

function str(v: unknown, fallback = ""): string {
  return typeof v === "string" ? v : fallback;
}

function parseAttendees(v: unknown): Attendee[] {
  if (!Array.isArray(v))
    throw new GraphError(400, "ErrorInvalidRequest", "The value of the property 'attendees' is invalid.");
  return v.map((a) => {
    const x = a as {
      type?: string;
      emailAddress?: { name?: string; address?: string };
      status?: { response?: string; time?: string };
    };
    const address = str(x.emailAddress?.address);
    if (!address)
      throw new GraphError(
        400,
        "ErrorInvalidRecipients",
        "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
      );
    const type = x.type === "optional" || x.type === "resource" ? x.type : "required";
    return {
      type,
      emailAddress: { name: str(x.emailAddress?.name, address), address },
      status: { response: "none", time: ZERO_TIME },
    };
  });
}

function parseLocation(v: unknown): Location {
  const x = (v ?? {}) as Record<string, unknown>;
  const loc: Location = { displayName: str(x.displayName), locationType: str(x.locationType, "default") };
  if (typeof x.locationEmailAddress === "string") loc.locationEmailAddress = x.locationEmailAddress;
  if (loc.displayName) {
    loc.uniqueId = str(x.uniqueId, loc.displayName);
    loc.uniqueIdType = str(x.uniqueIdType, "private");
  }
  return loc;
}

export interface Mailbox {
  id: string;
  displayName: string;
  mail: string;
}

export class EventStore {
  private listeners: ChangeListener[] = [];
  constructor(
    public state: GraphState,
    private tenantId: string,
  ) {}

  onChange(l: ChangeListener): void {
    this.listeners.push(l);
  }

  mailbox(id: string): MailboxState {
    return (this.state.mailboxes[id] ??= { events: {}, tombstones: [] });
  }

  get(mailboxId: string, key: string): StoredEvent | undefined {
    return this.state.mailboxes[mailboxId]?.events[key];
  }

  list(mailboxId: string): StoredEvent[] {
    return Object.values(this.state.mailboxes[mailboxId]?.events ?? {});
  }

  /** Marks an edit: new changeKey (https://learn.microsoft.com/graph/api/resources/event — changes with every edit), new seq. */
  touch(ev: StoredEvent): void {
    ev.changeKey = newChangeKey();
    ev.lastModifiedDateTime = new Date().toISOString();
    ev.seq = ++this.state.seq;
  }

  emit(type: ChangeType, ev: StoredEvent, reason?: "response"): void {
    for (const l of this.listeners) l({ type, event: ev, mailboxId: ev.mailboxId, reason });
  }

  /** accept / tentativelyAccept / decline on an attendee's copy (occurrence: that instance only). */
  respond(ev: StoredEvent, response: string, occurrence?: string, comment?: string): void {
    const status = { response, time: new Date().toISOString() };
    const org = ev.copyOf && this.get(ev.copyOf.mailboxId, ev.copyOf.key);
    if (org) {
      // The organizer's latest response message from this invitee (and occurrence) replaces the previous one.
      const kept = (org.responseMessages ?? []).filter(
        (m) => m.mailboxId !== ev.mailboxId || m.occurrence !== occurrence,
      );
      org.responseMessages = comment
        ? [
            ...kept,
            { mailboxId: ev.mailboxId, response, comment, time: status.time, ...(occurrence && { occurrence }) },
          ].slice(-200)
        : kept;
    }
    if (occurrence) {
      const exc = (ev.exceptions[occurrence] ??= { changeKey: "", lastModifiedDateTime: "", overrides: {} });
      exc.overrides.responseStatus = status;
      exc.changeKey = newChangeKey();
      exc.lastModifiedDateTime = status.time;
    } else ev.responseStatus = status;
    this.touch(ev);
    this.emit("updated", ev, occurrence ? undefined : "response");
  }

  create(
    owner: Mailbox,
    input: Record<string, unknown>,
    opts: { copyOf?: StoredEvent["copyOf"]; silent?: boolean } = {},
  ): StoredEvent {
    const start = parseDateTimeTimeZone(input.start, "Start");
    const end = parseDateTimeTimeZone(input.end, "End");
    if (Date.parse(end.utc) < Date.parse(start.utc))
      throw new GraphError(
        400,
        "ErrorInvalidRequest",
        "Your request can't be completed. The end time must be on or after the start time.",
      );
    const now = new Date().toISOString();
    const body = (input.body ?? {}) as { contentType?: string; content?: string };
    const ev: StoredEvent = {
      key: randomUUID(),
      mailboxId: owner.id,
      iCalUId: str(input.iCalUId) || newICalUId(),
      changeKey: newChangeKey(),
      seq: ++this.state.seq,
      createdDateTime: now,
      lastModifiedDateTime: now,
      subject: str(input.subject),
      body: { contentType: body.contentType?.toLowerCase() === "text" ? "text" : "html", content: str(body.content) },
      start,
      end,
      isAllDay: input.isAllDay === true,
      showAs: enumValue(input, "showAs", "busy")!,
      importance: enumValue(input, "importance", "normal")!,
      sensitivity: enumValue(input, "sensitivity", "normal")!,
      categories: Array.isArray(input.categories) ? input.categories.map(String) : [],
      recurrence: null,
      exceptions: {},
      cancelled: [],
      organizer: { emailAddress: { name: owner.displayName, address: owner.mail } },
      attendees: input.attendees === undefined ? [] : parseAttendees(input.attendees),
      location: parseLocation(input.location),
      locations: Array.isArray(input.locations) ? input.locations.map(parseLocation) : [],
      isCancelled: false,
      responseStatus: { response: "organizer", time: ZERO_TIME },
      isOnlineMeeting: input.isOnlineMeeting === true,
      onlineMeetingProvider: str(input.onlineMeetingProvider, "unknown"),
      transactionId: typeof input.transactionId === "string" ? input.transactionId : undefined,
      extendedProperties: [],
      isReminderOn: input.isReminderOn !== false,
      reminderMinutesBeforeStart:
        typeof input.reminderMinutesBeforeStart === "number" ? input.reminderMinutesBeforeStart : 15,
      responseRequested: input.responseRequested !== false,
      allowNewTimeProposals: input.allowNewTimeProposals !== false,
      copyOf: opts.copyOf,
    };
    if (ev.location.displayName && ev.locations.length === 0) ev.locations = [ev.location];
    const [firstLocation] = ev.locations;
    if (!ev.location.displayName && firstLocation) ev.location = firstLocation;
    checkAllDay(ev.isAllDay, start, end);
    ev.recurrence = normalizeRecurrence(input.recurrence, start);
    this.setExtendedProperties(ev, input.singleValueExtendedProperties);
    this.applyOnlineMeeting(ev, owner.id);
    this.mailbox(owner.id).events[ev.key] = ev;
    if (!opts.silent) this.emit("created", ev);
    return ev;
  }

  private applyOnlineMeeting(ev: StoredEvent, organizerId: string): void {
    if (ev.isOnlineMeeting && ev.onlineMeetingProvider === "unknown") ev.onlineMeetingProvider = "teamsForBusiness";
    if (ev.isOnlineMeeting && ev.onlineMeetingProvider === "teamsForBusiness" && !ev.joinUrl)
      ev.joinUrl = teamsJoinUrl(this.tenantId, organizerId);
    if (!ev.isOnlineMeeting) {
      ev.joinUrl = undefined;
      ev.onlineMeetingProvider = "unknown";
    }
  }

  private setExtendedProperties(ev: StoredEvent, v: unknown): void {
    if (v === undefined) return;
    if (!Array.isArray(v))
      throw new GraphError(
        400,
        "ErrorInvalidRequest",
        "The value of the property 'singleValueExtendedProperties' is invalid.",
      );
    for (const p of v as { id?: unknown; value?: unknown }[]) {
      const id = p.id;
      if (
        typeof id !== "string" ||
        !/^(String|Integer|Boolean|SystemTime|Guid|Double|Long|Binary)\s+(\{[0-9a-f-]{36}\}\s+(Name|Id)\s+\S+|0x[0-9a-f]{4})/i.test(
          id,
        )
      ) {
        throw new GraphError(400, "ErrorInvalidProperty", "The property id is invalid.");
      }
      const value = extendedPropertyValue(p.value);
      const existing = ev.extendedProperties.find((x) => x.id.toLowerCase() === id.toLowerCase());
      if (existing) existing.value = value;
      else ev.extendedProperties.push({ id, value });
    }
  }

  /** PATCH on a single instance or a series master (changes apply to the whole series). */
  patch(ev: StoredEvent, input: Record<string, unknown>, opts: { silent?: boolean } = {}): StoredEvent {
    const timesChanged = input.start !== undefined || input.end !== undefined || input.recurrence !== undefined;
    // Checked before anything changes, so a refused PATCH leaves the event as it was.
    checkAllDay(
      typeof input.isAllDay === "boolean" ? input.isAllDay : ev.isAllDay,
      input.start !== undefined ? parseDateTimeTimeZone(input.start, "Start") : ev.start,
      input.end !== undefined ? parseDateTimeTimeZone(input.end, "End") : ev.end,
    );
    for (const k of ["showAs", "importance", "sensitivity"] as const) enumValue(input, k);
    if (typeof input.subject === "string") ev.subject = input.subject;
    if (input.body && typeof input.body === "object") {
      const b = input.body as { contentType?: string; content?: string };
      ev.body = { contentType: b.contentType?.toLowerCase() === "text" ? "text" : "html", content: str(b.content) };
    }
    if (input.start !== undefined) ev.start = parseDateTimeTimeZone(input.start, "Start");
    if (input.end !== undefined) ev.end = parseDateTimeTimeZone(input.end, "End");
    if (Date.parse(ev.end.utc) < Date.parse(ev.start.utc))
      throw new GraphError(
        400,
        "ErrorInvalidRequest",
        "Your request can't be completed. The end time must be on or after the start time.",
      );
    for (const k of ["isAllDay", "isReminderOn", "responseRequested", "allowNewTimeProposals"] as const)
      if (typeof input[k] === "boolean") ev[k] = input[k];
    for (const k of ["showAs", "importance", "sensitivity"] as const) {
      const v = enumValue(input, k);
      if (v) ev[k] = v;
    }
    if (typeof input.reminderMinutesBeforeStart === "number")
      ev.reminderMinutesBeforeStart = input.reminderMinutesBeforeStart;
    if (Array.isArray(input.categories)) ev.categories = input.categories.map(String);
    if (input.attendees !== undefined) {
      const prev = ev.attendees;
      ev.attendees = parseAttendees(input.attendees).map((a) => ({
        ...a,
        status:
          prev.find((p) => p.emailAddress.address.toLowerCase() === a.emailAddress.address.toLowerCase())?.status ??
          a.status,
      }));
    }
    if (input.location !== undefined) {
      ev.location = parseLocation(input.location);
      ev.locations = ev.location.displayName ? [ev.location] : [];
    }
    if (Array.isArray(input.locations)) {
      ev.locations = input.locations.map(parseLocation);
      ev.location = ev.locations[0] ?? { displayName: "", locationType: "default" };
    }
    if (typeof input.isOnlineMeeting === "boolean") ev.isOnlineMeeting = input.isOnlineMeeting;
    if (typeof input.onlineMeetingProvider === "string") ev.onlineMeetingProvider = input.onlineMeetingProvider;
    if (input.recurrence !== undefined) ev.recurrence = normalizeRecurrence(input.recurrence, ev.start);
    else if (ev.recurrence && input.start !== undefined)
      ev.recurrence = normalizeRecurrence(
        { ...ev.recurrence, range: { ...ev.recurrence.range, startDate: undefined } },
        ev.start,
      );
    // Exchange drops exceptions when the series' time or pattern changes.
    if (timesChanged && ev.recurrence) {
      ev.exceptions = {};
      ev.cancelled = [];
    }
    this.setExtendedProperties(ev, input.singleValueExtendedProperties);
    this.applyOnlineMeeting(ev, ev.mailboxId);
    this.touch(ev);
    if (!opts.silent) this.emit("updated", ev);
    return ev;
  }

  /** PATCH on an occurrence: stored as an exception of its master (type becomes "exception"). */
  patchOccurrence(master: StoredEvent, original: string, input: Record<string, unknown>): void {
    this.requireOccurrence(master, original);
    if (
      input.start !== undefined &&
      crossesNeighbour(master, original, parseDateTimeTimeZone(input.start, "Start").utc)
    ) {
      throw new GraphError(
        400,
        "ErrorOccurrenceCrossingBoundary",
        "An occurrence can't be moved to or beyond the day of an adjacent occurrence of the series.",
      );
    }
    const prev = master.exceptions[original]?.overrides ?? {};
    const occStart =
      input.start !== undefined
        ? parseDateTimeTimeZone(input.start, "Start")
        : (prev.start ?? { utc: original, tz: seriesZone(master) });
    const occEnd =
      input.end !== undefined
        ? parseDateTimeTimeZone(input.end, "End")
        : (prev.end ?? {
            utc: new Date(
              Date.parse(occStart.utc) + Date.parse(master.end.utc) - Date.parse(master.start.utc),
            ).toISOString(),
            tz: occStart.tz,
          });
    checkAllDay(
      typeof input.isAllDay === "boolean" ? input.isAllDay : (prev.isAllDay ?? master.isAllDay),
      occStart,
      occEnd,
    );
    const showAs = enumValue(input, "showAs");
    const exc = (master.exceptions[original] ??= { changeKey: "", lastModifiedDateTime: "", overrides: {} });
    const o: Overrides = exc.overrides;
    if (typeof input.subject === "string") o.subject = input.subject;
    if (input.body && typeof input.body === "object")
      o.body = { contentType: "html", content: str((input.body as { content?: string }).content) };
    if (input.start !== undefined) o.start = parseDateTimeTimeZone(input.start, "Start");
    if (input.end !== undefined) o.end = parseDateTimeTimeZone(input.end, "End");
    if (input.location !== undefined) {
      o.location = parseLocation(input.location);
      o.locations = o.location.displayName ? [o.location] : [];
    }
    if (input.attendees !== undefined) o.attendees = parseAttendees(input.attendees);
    if (showAs) o.showAs = showAs;
    if (typeof input.isAllDay === "boolean") o.isAllDay = input.isAllDay;
    exc.changeKey = newChangeKey();
    exc.lastModifiedDateTime = new Date().toISOString();
    this.touch(master);
    this.emit("updated", master);
  }

  requireOccurrence(master: StoredEvent, original: string): void {
    if (!isOccurrence(master, original) || master.cancelled.includes(original)) throw notFound();
  }

  cancelOccurrence(master: StoredEvent, original: string): void {
    this.requireOccurrence(master, original);
    master.cancelled.push(original);
    delete master.exceptions[original];
    this.touch(master);
    this.emit("updated", master);
  }

  delete(ev: StoredEvent, opts: { silent?: boolean } = {}): void {
    const mb = this.mailbox(ev.mailboxId);
    if (!mb.events[ev.key]) return;
    delete mb.events[ev.key];
    ev.seq = ++this.state.seq;
    mb.tombstones.push({ seq: ev.seq, event: ev });
    if (mb.tombstones.length > TOMBSTONE_LIMIT) mb.tombstones.splice(0, mb.tombstones.length - TOMBSTONE_LIMIT);
    if (!opts.silent) this.emit("deleted", ev);
  }

  findByTransactionId(mailboxId: string, transactionId: string): StoredEvent | undefined {
    return this.list(mailboxId).find((e) => e.transactionId === transactionId);
  }
}

export function notFound(): GraphError {
  return new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
}

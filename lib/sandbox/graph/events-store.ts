// The event store: create / patch / delete events and occurrences in mailboxes, changeKeys and
// change sequence numbers (delta), tombstones, and change hooks (room processing, notifications).
// Request bodies are read and checked by event-input.ts; changeKeys, iCalUIds and Teams links come
// from event-stamps.ts.
import { randomUUID } from "node:crypto";
import {
  applyExtendedProperties,
  checkAllDay,
  checkEndNotBeforeStart,
  enumValue,
  parseAttendees,
  parseLocation,
  str,
  ZERO_TIME,
} from "./event-input";
import { applyOnlineMeeting, newChangeKey, newICalUId } from "./event-stamps";
import { GraphError } from "./http";
import type { GraphState, Mailbox, MailboxState, Overrides, StoredEvent } from "./model";
import { crossesNeighbour, isOccurrence, normalizeRecurrence, seriesZone } from "./recurrence";
import { parseDateTimeTimeZone } from "./time-zones";

export type ChangeType = "created" | "updated" | "deleted";
/** reason "response": an attendee answered (room processing must not re-run its conflict check). */
export type ChangeListener = (change: {
  type: ChangeType;
  event: StoredEvent;
  mailboxId: string;
  reason?: "response";
}) => void;

const TOMBSTONE_LIMIT = 2000;

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
    checkEndNotBeforeStart(start, end);
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
    applyExtendedProperties(ev, input.singleValueExtendedProperties);
    applyOnlineMeeting(ev, this.tenantId, owner.id);
    this.mailbox(owner.id).events[ev.key] = ev;
    if (!opts.silent) this.emit("created", ev);
    return ev;
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
    checkEndNotBeforeStart(ev.start, ev.end);
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
    applyExtendedProperties(ev, input.singleValueExtendedProperties);
    applyOnlineMeeting(ev, this.tenantId, ev.mailboxId);
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

// Exchange resource-mailbox processing per the room's Set-CalendarProcessing settings (calendar-processing.ts):
// AutoAccept: the Resource Booking Attendant accepts a free, in-policy meeting and declines the rest, with
// AddOrganizerToSubject / DeleteSubject / DeleteComments / RemovePrivateProperty applied to the room's copy;
// AutoUpdate: the Calendar Attendant places it tentatively, subject and body as sent, a delegate answers;
// None: nothing reaches the calendar. A cancelled meeting stays on the room calendar as "Canceled: ..."
// with isCancelled (RemoveCanceledMeetings $false, the default) or is deleted ($true).
// People in the tenant who are invited get their copy too (the Calendar Attendant places the request
// on their calendar, tentative and unanswered) and answer it themselves.
import { randomUUID } from "node:crypto";
import type { Directory, DirectoryUser } from "@/lib/sandbox/contracts";
import { instancesOf } from "./calendar-view";
import { type CalendarProcessing, conflictWindowEnd, policyRefusal, processingOf } from "./calendar-processing";
import { newChangeKey } from "./event-stamps";
import type { EventStore } from "./events-store";
import type { Attendee, StoredEvent } from "./model";

export function invitedRooms(directory: Directory, ev: StoredEvent): { room: DirectoryUser; attendee: Attendee }[] {
  const out: { room: DirectoryUser; attendee: Attendee }[] = [];
  for (const attendee of ev.attendees) {
    const u = directory.findUser(attendee.emailAddress.address);
    if (u && u.kind === "room" && u.id !== ev.mailboxId) out.push({ room: u, attendee });
  }
  return out;
}

export function copiesOf(store: EventStore, ev: StoredEvent): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const [roomId, key] of Object.entries(ev.roomCopies ?? {})) {
    const c = store.get(roomId, key);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Room subject per Set-CalendarProcessing -AddOrganizerToSubject / -DeleteSubject (both default $true);
 * both are Resource Booking Attendant settings, so only an AutoAccept room applies them.
 */
export function roomSubject(room: DirectoryUser, ev: StoredEvent): string {
  const p = processingOf(room);
  if (p.automateProcessing !== "AutoAccept") return ev.subject;
  const add = p.addOrganizerToSubject;
  const del = p.deleteSubject;
  const name = ev.organizer.emailAddress.name;
  if (add) return del ? name : `${name} ${ev.subject}`.trim();
  return del ? "" : ev.subject;
}

/** True when any instance of `ev` (a series: inside the booking window) overlaps a busy instance in the room (other than ev's own copy). */
export function conflicts(store: EventStore, roomId: string, ev: StoredEvent, p?: CalendarProcessing): boolean {
  const from = Date.parse(ev.start.utc);
  const to = p ? conflictWindowEnd(p, ev) : ev.recurrence ? from + 180 * 86_400_000 : Date.parse(ev.end.utc);
  const mine = instancesOf(ev, from, to);
  if (mine.length === 0) return false;
  const lo = Math.min(...mine.map((i) => i.startMs));
  const hi = Math.max(...mine.map((i) => i.endMs));
  for (const other of store.list(roomId)) {
    if (other.copyOf?.key === ev.key || other.iCalUId === ev.iCalUId) continue;
    if (other.isCancelled) continue;
    for (const b of instancesOf(other, lo, hi)) {
      if (b.occ?.exception?.isCancelled || (b.occ?.exception?.showAs ?? other.showAs) === "free") continue;
      if (mine.some((m) => m.startMs < b.endMs && b.startMs < m.endMs)) return true;
    }
  }
  return false;
}

/** People in the tenant the meeting invites (not its own mailbox); rooms are invitedRooms'. */
export function invitedPeople(directory: Directory, ev: StoredEvent): { person: DirectoryUser; attendee: Attendee }[] {
  const out: { person: DirectoryUser; attendee: Attendee }[] = [];
  for (const attendee of ev.attendees) {
    const u = directory.findUser(attendee.emailAddress.address);
    if (u && u.kind !== "room" && u.id !== ev.mailboxId) out.push({ person: u, attendee });
  }
  return out;
}

/**
 * Whether an update moves the meeting (times or pattern): Exchange then sends it as a new request,
 * so an invitee's earlier answer no longer stands (the copy goes back to tentative, not responded).
 */
function rescheduled(ev: StoredEvent, copy: StoredEvent | undefined): boolean {
  if (!copy) return false;
  return (
    copy.start.utc !== ev.start.utc ||
    copy.end.utc !== ev.end.utc ||
    JSON.stringify(copy.recurrence ?? null) !== JSON.stringify(ev.recurrence ?? null)
  );
}

function mirror(
  ev: StoredEvent,
  owner: DirectoryUser,
  existing: StoredEvent | undefined,
  accepted: boolean,
): StoredEvent {
  const now = new Date().toISOString();
  const clone = structuredClone(ev);
  const room = owner.kind === "room";
  const p = room ? processingOf(owner) : undefined;
  const attendant = p?.automateProcessing === "AutoAccept"; // the Resource Booking Attendant's settings apply
  const subject = room ? roomSubject(owner, ev) : ev.subject;
  if (p && !p.removeCanceledMeetings) keepCancelledOccurrences(clone, subject, existing);
  const answer = rescheduled(ev, existing) ? undefined : existing?.responseStatus;
  return {
    ...clone,
    key: existing?.key ?? randomUUID(),
    mailboxId: owner.id,
    changeKey: newChangeKey(),
    createdDateTime: existing?.createdDateTime ?? now,
    lastModifiedDateTime: now,
    subject,
    // DeleteComments (default $true, AutoAccept only): the room's copy keeps no body. Named properties do not travel with invitations.
    body: attendant && p.deleteComments ? { contentType: "html", content: "" } : clone.body,
    // RemovePrivateProperty (default $true, AutoAccept only): "the private flag for incoming meeting requests is cleared".
    sensitivity: attendant && p.removePrivateProperty && ev.sensitivity === "private" ? "normal" : ev.sensitivity,
    extendedProperties: [],
    transactionId: undefined,
    roomCopies: undefined,
    responseMessages: undefined,
    responseStatus: accepted
      ? { response: "accepted", time: now }
      : (answer ?? { response: "notResponded", time: "0001-01-01T00:00:00Z" }),
    showAs: accepted ? ev.showAs : answer?.response === "accepted" ? ev.showAs : "tentative",
    copyOf: { mailboxId: ev.mailboxId, key: ev.key },
  };
}

const CANCELED = "Canceled: ";

/**
 * RemoveCanceledMeetings $false: an occurrence the organizer cancelled stays on the room's calendar, as
 * Exchange's meeting cancellation leaves it: isCancelled, "Canceled: " before the subject, free/busy Free
 * ([MS-OXOCAL] 2.2.6.1 Meeting Cancellation: PidLidBusyStatus olFree).
 */
function keepCancelledOccurrences(copy: StoredEvent, subject: string, existing: StoredEvent | undefined): void {
  for (const original of copy.cancelled) {
    const before = existing?.exceptions[original];
    copy.exceptions[original] = before?.overrides.isCancelled
      ? before
      : {
          changeKey: newChangeKey(),
          lastModifiedDateTime: new Date().toISOString(),
          overrides: { isCancelled: true, subject: CANCELED + subject, showAs: "free" },
        };
  }
  copy.cancelled = [];
}

/** The whole meeting was cancelled (deleted, or the room taken off it): keep it as cancelled, or delete it. */
function cancelCopy(store: EventStore, directory: Directory, copy: StoredEvent): "kept" | "deleted" {
  const owner = directory.findUser(copy.mailboxId);
  if (owner?.kind === "room" && !processingOf(owner).removeCanceledMeetings) {
    if (!copy.isCancelled) {
      copy.isCancelled = true;
      copy.subject = CANCELED + copy.subject;
      copy.showAs = "free";
      store.touch(copy);
      store.emit("updated", copy);
    }
    return "kept";
  }
  store.delete(copy);
  return "deleted";
}

export function attachRoomProcessing(store: EventStore, directory: Directory): void {
  store.onChange(({ type, event, reason }) => {
    const owner = directory.findUser(event.mailboxId);
    if (!owner) return;
    if (event.copyOf) {
      if (reason === "response") onRoomResponse(store, directory, owner, event);
      return;
    }
    if (owner.kind === "room") return; // written straight into a room calendar: Exchange does no processing
    if (reason === "response") return;
    processOrganizerEvent(store, directory, event, type);
  });
}

function processOrganizerEvent(store: EventStore, directory: Directory, ev: StoredEvent, type: string): void {
  const copies = copiesOf(store, ev);
  // A decline takes the copy off the calendar; a cancellation (deleted, room removed) follows RemoveCanceledMeetings.
  const drop = (c: StoredEvent) => {
    store.delete(c);
    if (ev.roomCopies) delete ev.roomCopies[c.mailboxId];
  };
  const cancel = (c: StoredEvent) => {
    cancelCopy(store, directory, c);
    if (ev.roomCopies) delete ev.roomCopies[c.mailboxId];
  };
  if (type === "deleted") {
    for (const c of copies) cancel(c);
    return;
  }
  const invited = { rooms: invitedRooms(directory, ev), people: invitedPeople(directory, ev) };
  for (const c of copies)
    if (
      !invited.rooms.some((i) => i.room.id === c.mailboxId) &&
      !invited.people.some((i) => i.person.id === c.mailboxId)
    )
      cancel(c);
  for (const { room, attendee } of invited.rooms) {
    const existing = copies.find((c) => c.mailboxId === room.id);
    const p = processingOf(room);
    const autoAccept = p.automateProcessing === "AutoAccept";
    const now = new Date().toISOString();
    if (p.automateProcessing === "None") {
      // No calendar processing: the request waits in the room's inbox, nothing is placed or answered.
      attendee.status = { response: "none", time: "0001-01-01T00:00:00Z" };
      continue;
    }
    if (autoAccept && (policyRefusal(p, ev) || (!p.allowConflicts && conflicts(store, room.id, ev, p)))) {
      attendee.status = { response: "declined", time: now };
      if (existing) drop(existing);
      continue;
    }
    if (autoAccept) attendee.status = { response: "accepted", time: now };
    else if (!existing || rescheduled(ev, existing))
      attendee.status = { response: "none", time: "0001-01-01T00:00:00Z" };
    place(store, ev, mirror(ev, room, existing, autoAccept), existing);
  }
  for (const { person, attendee } of invited.people) {
    // People's copies: an occurrence the organizer cancelled leaves their calendar (not modelled: Outlook's "Canceled:" item).
    const existing = copies.find((c) => c.mailboxId === person.id);
    if (!existing || rescheduled(ev, existing)) attendee.status = { response: "none", time: "0001-01-01T00:00:00Z" };
    place(store, ev, mirror(ev, person, existing, false), existing);
  }
}

function place(store: EventStore, ev: StoredEvent, copy: StoredEvent, existing: StoredEvent | undefined): void {
  copy.seq = ++store.state.seq;
  store.mailbox(copy.mailboxId).events[copy.key] = copy;
  (ev.roomCopies ??= {})[copy.mailboxId] = copy.key;
  store.emit(existing ? "updated" : "created", copy);
}

/** The invited person, a room's delegate (or Roomlink) answered on a copy: tell the organizer; a declined copy leaves the calendar. */
function onRoomResponse(store: EventStore, directory: Directory, room: DirectoryUser, copy: StoredEvent): void {
  const org = copy.copyOf && store.get(copy.copyOf.mailboxId, copy.copyOf.key);
  if (org) {
    const a = org.attendees.find((x) => directory.findUser(x.emailAddress.address)?.id === room.id);
    if (a) {
      a.status = { ...copy.responseStatus };
      store.touch(org);
      store.emit("updated", org, "response");
    }
  }
  if (copy.responseStatus.response === "declined") {
    store.delete(copy);
    if (org?.roomCopies) delete org.roomCopies[room.id];
  } else if (copy.responseStatus.response === "accepted" && copy.showAs === "tentative" && org)
    copy.showAs = org.showAs;
}

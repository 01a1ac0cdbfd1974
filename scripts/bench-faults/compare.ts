// The final comparison: every event on the bench's room calendars against every Roomlink booking in
// the mapped rooms, joined by Roomlink's booking-id property (events Roomlink wrote) or the event
// link (meetings booked from Outlook). Counts what a person would notice, with the cases named.
import { fromGt, type RoomEvent } from "./sandbox";

export interface BookingRow {
  id: string;
  roomId: string;
  title: string;
  startAt: Date;
  endAt: Date;
  active: boolean;
}

export interface LinkRow {
  bookingId: string;
  mailbox: string;
  eventId: string;
}

export interface Comparison {
  events: number;
  bookings: number;
  lost: number;
  duplicated: number;
  wrong: number;
  /** Up to 20 named cases, for the report. */
  cases: string[];
}

export function compare(
  rooms: { roomId: string; upn: string }[],
  eventsByRoom: Map<string, RoomEvent[]>,
  bookingRows: BookingRow[],
  links: LinkRow[],
  bookingIdOf: (ev: RoomEvent) => string | null,
): Comparison {
  const cases: string[] = [];
  const note = (s: string) => {
    if (cases.length < 20) cases.push(s);
  };
  const upnOfRoom = new Map(rooms.map((r) => [r.roomId, r.upn.toLowerCase()]));
  const byId = new Map(bookingRows.map((b) => [b.id, b]));
  const linkByEvent = new Map<string, LinkRow[]>();
  for (const l of links) {
    const k = `${l.mailbox.toLowerCase()}|${l.eventId}`;
    linkByEvent.set(k, [...(linkByEvent.get(k) ?? []), l]);
  }
  let lost = 0;
  let duplicated = 0;
  let wrong = 0;
  let events = 0;
  /** Live events per booking id, to find bookings with none or with two. */
  const eventsOfBooking = new Map<string, number>();
  for (const { upn } of rooms) {
    for (const ev of eventsByRoom.get(upn.toLowerCase()) ?? []) {
      if (ev.isCancelled) continue;
      events++;
      const own = bookingIdOf(ev);
      const linked = (linkByEvent.get(`${upn.toLowerCase()}|${ev.id}`) ?? []).map((l) => l.bookingId);
      const ids = [...new Set([...(own ? [own] : []), ...linked])];
      const live = ids.map((id) => byId.get(id)).filter((b): b is BookingRow => !!b && b.active);
      for (const b of live) eventsOfBooking.set(b.id, (eventsOfBooking.get(b.id) ?? 0) + 1);
      if (live.length === 0) {
        lost++;
        note(
          `lost: event "${ev.subject ?? ""}" ${ev.start.dateTime} in ${upn} has no active booking (linked: ${ids.join(",") || "none"})`,
        );
        continue;
      }
      if (live.length > 1) {
        duplicated += live.length - 1;
        note(`duplicated: event "${ev.subject ?? ""}" in ${upn} has ${live.length} bookings`);
      }
      const b = live[0];
      if (!b) continue;
      const sameRoom = upnOfRoom.get(b.roomId) === upn.toLowerCase();
      if (!sameRoom || b.startAt.getTime() !== fromGt(ev.start) || b.endAt.getTime() !== fromGt(ev.end)) {
        wrong++;
        note(
          `wrong: event "${ev.subject ?? ""}" ${ev.start.dateTime}–${ev.end.dateTime} in ${upn} vs booking ${b.id} ${b.startAt.toISOString()}–${b.endAt.toISOString()}${sameRoom ? "" : " (other room)"}`,
        );
      }
    }
  }
  let bookingCount = 0;
  for (const b of bookingRows) {
    if (!b.active) continue;
    bookingCount++;
    const n = eventsOfBooking.get(b.id) ?? 0;
    if (n === 0) {
      lost++;
      note(`lost: booking ${b.id} "${b.title}" ${b.startAt.toISOString()} has no event on its room calendar`);
    } else if (n > 1) {
      duplicated += n - 1;
      note(`duplicated: booking ${b.id} "${b.title}" has ${n} events`);
    }
  }
  return { events, bookings: bookingCount, lost, duplicated, wrong, cases };
}

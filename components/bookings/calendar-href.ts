// The calendar's state lives in the URL; shared by the client toolbar and the server-rendered day-view bar.
export interface CalendarState {
  view: "week" | "day";
  room?: string;
  date: string;
  cancelled: boolean;
  /** Day view: which rooms (building, minimum seats, name) and from which one (a page of rooms). */
  building?: string;
  minCapacity?: number;
  rq?: string;
  roomsFrom?: number;
}

export function calendarHref(s: CalendarState) {
  const p = new URLSearchParams({ view: s.view, date: s.date });
  if (s.room) p.set("room", s.room);
  if (s.cancelled) p.set("cancelled", "1");
  if (s.building) p.set("building", s.building);
  if (s.minCapacity) p.set("cap", String(s.minCapacity));
  if (s.rq) p.set("rq", s.rq);
  if (s.roomsFrom) p.set("rfrom", String(s.roomsFrom));
  return `/calendar?${p}`;
}

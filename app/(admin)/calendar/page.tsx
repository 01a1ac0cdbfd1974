import { DateTime } from "luxon";
import { CalendarGrid, type GridColumn } from "@/components/bookings/calendar-grid";
import type { CalendarState } from "@/components/bookings/calendar-href";
import { CalendarToolbar } from "@/components/bookings/calendar-toolbar";
import { DayRoomsBar } from "@/components/bookings/day-rooms-bar";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { dayForRooms, listBookings, listRooms, listStatuses, roomWeek, type BookingView } from "@/lib/bookings/queries";
import { withLocalTitles } from "@/lib/bookings/private-title";
import { getLocale, getT } from "@/lib/i18n/server";

/** Rooms per page of the day view. */
const DAY_ROOMS = 20;

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CalendarPage({ searchParams }: { searchParams: Search }) {
  const [user, sp, t, tc, locale] = await Promise.all([
    requireUser(),
    searchParams,
    getT("bookings"),
    getT("common"),
    getLocale(),
  ]);
  const rooms = await listRooms();
  const canEdit = user.role === "admin";
  const header = (
    <PageHeader
      title={tc("nav.calendar")}
      description={t("cal.description")}
      actions={canEdit && rooms.length ? <ButtonLink href="/bookings/new">{t("cal.newBooking")}</ButtonLink> : null}
    />
  );
  const [firstRoom] = rooms;
  if (!firstRoom) {
    return (
      <>
        {header}
        <EmptyState
          title={t("cal.noRooms")}
          action={canEdit ? <ButtonLink href="/rooms">{t("cal.addRoom")}</ButtonLink> : null}
        >
          {t("cal.noRoomsHint")}
        </EmptyState>
      </>
    );
  }
  const view = one(sp.view) === "day" ? "day" : "week";
  const room =
    rooms.find((r) => r.id === one(sp.room)) ??
    (await busiestRoom(rooms, firstRoom.timeZone, one(sp.date))) ??
    firstRoom;
  const zone = view === "week" ? room.timeZone : firstRoom.timeZone;
  const today = DateTime.now().setZone(zone).toISODate()!;
  const raw = one(sp.date);
  const date = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) && DateTime.fromISO(raw).isValid ? raw : today;
  const state: CalendarState = { view, room: room.id, date, cancelled: one(sp.cancelled) === "1" };
  if (view === "day") {
    state.building = one(sp.building)?.slice(0, 100) || undefined;
    state.minCapacity = Math.max(0, Math.floor(Number(one(sp.cap)) || 0)) || undefined;
    state.rq = one(sp.rq)?.trim().slice(0, 100) || undefined;
    state.roomsFrom = Math.max(0, Math.floor(Number(one(sp.rfrom)) || 0)) || undefined;
  }
  const lang = locale === "nl" ? "nl-NL" : "en-GB";
  const statuses = await listStatuses();
  const statusLabel = (b: BookingView) => (locale === "nl" && b.statusNameNl ? b.statusNameNl : b.statusName);
  const d = DateTime.fromISO(date).setLocale(lang);

  let columns: GridColumn[];
  let label: string;
  let roomsBar: React.ReactNode = null;
  if (view === "week") {
    const week = await roomWeek(room.id, date, { includeCancelled: state.cancelled });
    const days = week?.days ?? [];
    columns = days.map((day) => {
      const dd = DateTime.fromISO(day).setLocale(lang);
      return {
        key: day,
        roomId: room.id,
        date: day,
        highlight: day === today,
        bookings: withLocalTitles(week?.bookings ?? [], locale).filter(
          (b) =>
            b.local.date === day ||
            (b.local.date < day && b.endAt > DateTime.fromISO(day, { zone: room.timeZone }).toJSDate()),
        ),
        header: (
          <div className="leading-tight">
            <div className="text-[11px] font-medium uppercase tracking-wide text-slate-500">
              {dd.toFormat("ccc").replace(".", "")}
            </div>
            <div className={`text-lg font-semibold ${day === today ? "text-brand-600" : "text-slate-900"}`}>
              {dd.toFormat("d")}
            </div>
          </div>
        ),
      };
    });
    const first = DateTime.fromISO(days[0] ?? date).setLocale(lang);
    const last = DateTime.fromISO(days[6] ?? date).setLocale(lang);
    label = `${first.toFormat(first.month === last.month ? "d" : "d LLL")} – ${last.toFormat("d LLL yyyy")} · ${t("cal.weekNumber", { week: first.weekNumber })}`;
  } else {
    const day = await dayForRooms(
      date,
      {
        building: state.building,
        minCapacity: state.minCapacity,
        q: state.rq,
        offset: state.roomsFrom,
        limit: DAY_ROOMS,
      },
      { includeCancelled: state.cancelled },
    );
    roomsBar = (
      <DayRoomsBar
        state={state}
        buildings={day.buildings}
        totalRooms={day.totalRooms}
        shown={day.rooms.length}
        pageSize={DAY_ROOMS}
      />
    );
    columns = day.rooms.map((r) => ({
      key: r.id,
      roomId: r.id,
      date,
      bookings: withLocalTitles(
        day.bookings.filter((b) => b.roomId === r.id),
        locale,
      ),
      header: (
        <div className="leading-tight">
          <div className="truncate text-sm font-semibold text-slate-900">{r.name}</div>
          <div className="text-[11px] text-slate-500">{t("cal.capacity", { n: r.capacity })}</div>
        </div>
      ),
    }));
    label = d.toFormat("cccc d LLLL yyyy");
  }
  const step = view === "week" ? { weeks: 1 } : { days: 1 };
  const total = columns.reduce((n, c) => n + c.bookings.length, 0);

  return (
    <>
      {header}
      <CalendarToolbar
        state={state}
        roomName={room.name}
        prevDate={d.minus(step).toISODate()!}
        nextDate={d.plus(step).toISODate()!}
        today={today}
        label={label}
      />
      {roomsBar}
      <CalendarGrid
        columns={columns}
        canEdit={canEdit}
        statusLabel={statusLabel}
        columnLabel={
          view === "day"
            ? (c) => t("cal.bookRoomDay", { room: rooms.find((r) => r.id === c.roomId)?.name ?? "", date: c.date })
            : undefined
        }
        slotLabel={(c, time) =>
          t("cal.bookSlot", { room: rooms.find((r) => r.id === c.roomId)?.name ?? "", date: c.date, time })
        }
      />
      <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600">
        <span>{t("cal.timeZone", { zone })}</span>
        {total === 0 ? <span className="text-slate-500">{t("cal.noBookings")}</span> : null}
        <span className="ml-auto flex flex-wrap items-center gap-3" aria-label={t("cal.legend")}>
          {statuses
            .filter((s) => state.cancelled || !s.isCancelled)
            .map((s) => (
              <span key={s.id} className="inline-flex items-center gap-1.5">
                <span className="h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: s.color }} />
                {locale === "nl" && s.nameNl ? s.nameNl : s.name}
              </span>
            ))}
        </span>
      </div>
    </>
  );
}

/** Without a room in the URL, open the week on the room with the most bookings that week (in `zone`). */
async function busiestRoom<R extends { id: string; timeZone: string }>(
  rooms: R[],
  zone: string,
  date?: string,
): Promise<R | undefined> {
  const anchor =
    date && /^\d{4}-\d{2}-\d{2}$/.test(date) && DateTime.fromISO(date).isValid
      ? DateTime.fromISO(date, { zone })
      : DateTime.now().setZone(zone);
  const monday = anchor.startOf("week");
  const { rows } = await listBookings({
    from: monday.toISODate()!,
    to: monday.plus({ days: 6 }).toISODate()!,
    timeZone: zone,
    pageSize: 200,
  });
  const counts = new Map<string, number>();
  for (const b of rows) counts.set(b.roomId, (counts.get(b.roomId) ?? 0) + 1);
  let best: R | undefined;
  for (const r of rooms) if ((counts.get(r.id) ?? 0) > (best ? (counts.get(best.id) ?? 0) : 0)) best = r;
  return best;
}

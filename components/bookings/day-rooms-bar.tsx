// The day view's room filters (building, minimum seats, name) as a plain GET form, and paging
// through the matching rooms: the day view shows a page of rooms, never all of them.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { getT } from "@/lib/i18n/server";
import { calendarHref, type CalendarState } from "./calendar-href";

export async function DayRoomsBar({
  state,
  buildings,
  totalRooms,
  shown,
  pageSize,
}: {
  state: CalendarState;
  buildings: string[];
  totalRooms: number;
  /** How many rooms this page shows. */
  shown: number;
  pageSize: number;
}) {
  const t = await getT("bookings");
  const from = state.roomsFrom ?? 0;
  const lbl = "mb-1 block text-xs font-medium text-slate-600";
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <form method="get" action="/calendar" className="flex flex-wrap items-end gap-3" role="search">
        <input type="hidden" name="view" value="day" />
        <input type="hidden" name="date" value={state.date} />
        {state.cancelled ? <input type="hidden" name="cancelled" value="1" /> : null}
        <div>
          <label htmlFor="day-building" className={lbl}>
            {t("cal.building")}
          </label>
          <Select id="day-building" name="building" defaultValue={state.building ?? ""}>
            <option value="">{t("cal.allBuildings")}</option>
            {buildings.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-32">
          <label htmlFor="day-cap" className={lbl}>
            {t("cal.minCapacity")}
          </label>
          <Input id="day-cap" name="cap" type="number" min={1} defaultValue={state.minCapacity} />
        </div>
        <div>
          <label htmlFor="day-rq" className={lbl}>
            {t("cal.roomSearch")}
          </label>
          <Input id="day-rq" name="rq" defaultValue={state.rq} />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          {t("cal.showRooms")}
        </button>
      </form>
      <nav className="flex items-center gap-2 text-sm text-slate-600" aria-label={t("cal.roomsPaging")}>
        <span>
          {totalRooms
            ? t("cal.roomsRange", { from: from + 1, to: from + shown, total: totalRooms })
            : t("cal.noRoomsMatch")}
        </span>
        {from > 0 ? (
          <Link
            className={buttonClass("ghost")}
            href={calendarHref({ ...state, roomsFrom: Math.max(0, from - pageSize) })}
          >
            {t("cal.prevRooms")}
          </Link>
        ) : null}
        {from + shown < totalRooms ? (
          <Link className={buttonClass("ghost")} href={calendarHref({ ...state, roomsFrom: from + pageSize })}>
            {t("cal.nextRooms")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

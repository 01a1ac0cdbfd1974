"use client";
// Calendar controls: week/day switch, room picker, prev/today/next; all state lives in the URL.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { SearchPicker } from "./search-picker";
import { useT } from "@/lib/i18n/client";
import { calendarHref, type CalendarState } from "./calendar-href";

export function CalendarToolbar({
  state,
  roomName,
  prevDate,
  nextDate,
  today,
  label,
}: {
  state: CalendarState;
  /** The week view's room, shown in its picker (which searches the active rooms on the server). */
  roomName: string;
  prevDate: string;
  nextDate: string;
  today: string;
  label: string;
}) {
  const t = useT("bookings");
  const router = useRouter();
  const seg = (active: boolean) =>
    `px-3 py-1.5 text-sm font-medium ${active ? "bg-slate-900 text-white" : "bg-white text-slate-700 hover:bg-slate-50"}`;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3">
      <div
        className="inline-flex overflow-hidden rounded-md border border-slate-300 shadow-sm"
        role="group"
        aria-label={t("cal.viewLabel")}
      >
        <Link
          href={calendarHref({ ...state, view: "week" })}
          className={seg(state.view === "week")}
          aria-current={state.view === "week" ? "page" : undefined}
        >
          {t("cal.week")}
        </Link>
        <Link
          href={calendarHref({ ...state, view: "day" })}
          className={`${seg(state.view === "day")} border-l border-slate-300`}
          aria-current={state.view === "day" ? "page" : undefined}
        >
          {t("cal.day")}
        </Link>
      </div>
      <div className="inline-flex items-center gap-1">
        <Link href={calendarHref({ ...state, date: today })} className={buttonClass("secondary")}>
          {t("cal.today")}
        </Link>
        <Link
          href={calendarHref({ ...state, date: prevDate })}
          className={buttonClass("ghost", "px-2")}
          aria-label={t("cal.prev")}
          title={t("cal.prev")}
        >
          <span aria-hidden>‹</span>
        </Link>
        <Link
          href={calendarHref({ ...state, date: nextDate })}
          className={buttonClass("ghost", "px-2")}
          aria-label={t("cal.next")}
          title={t("cal.next")}
        >
          <span aria-hidden>›</span>
        </Link>
      </div>
      <h2 className="text-lg font-semibold text-slate-900" data-testid="calendar-label">
        {label}
      </h2>
      <div className="ml-auto flex flex-wrap items-center gap-3">
        {state.view === "week" ? (
          <div className="flex items-center gap-2 text-sm text-slate-700">
            <label htmlFor="cal-room">{t("cal.room")}</label>
            <div className="w-56">
              <SearchPicker
                // A new room from the URL starts the picker afresh.
                key={state.room}
                id="cal-room"
                kind="activeRoom"
                allowNone={false}
                noneLabel={t("cal.room")}
                selected={state.room ? { id: state.room, label: roomName } : null}
                onChange={(id) => {
                  if (id && id !== state.room) router.push(calendarHref({ ...state, room: id }));
                }}
              />
            </div>
          </div>
        ) : null}
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            className="h-4 w-4 rounded border-slate-300"
            checked={state.cancelled}
            onChange={(e) => router.push(calendarHref({ ...state, cancelled: e.target.checked }))}
          />
          {t("cal.showCancelled")}
        </label>
      </div>
    </div>
  );
}

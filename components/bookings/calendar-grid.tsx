// The calendar grid: hour rows 07:00–22:00 and one column per day (week view) or per room (day
// view), with bookings as blocks positioned by their room-local times and coloured by status.
import Link from "next/link";
import { must } from "@/lib/invariant";
import type { BookingView } from "@/lib/bookings/queries";
import { SlotArea } from "./slot-area";

export const GRID_FROM = 7;
export const GRID_UNTIL = 22;
const HOUR_PX = 42;

export interface GridColumn {
  key: string;
  header: React.ReactNode;
  /** Room + date the empty slots of this column book. */
  roomId: string;
  date: string;
  highlight?: boolean;
  bookings: BookingView[];
}

/** Minutes since midnight of an "HH:mm" time (the booking views' own format). */
function minutes(t: string) {
  const [h, m] = t.split(":").map(Number);
  return must(h, `the hours of ${t}`) * 60 + must(m, `the minutes of ${t}`);
}

/** Visible part of a booking inside its column's day, in minutes from GRID_FROM. */
function placement(b: BookingView, date: string) {
  const startMin = b.local.date < date ? 0 : minutes(b.local.startTime);
  const endLocal =
    b.local.endTime === "00:00" || b.endAt.getTime() - b.startAt.getTime() > 86_400_000
      ? 24 * 60
      : minutes(b.local.endTime);
  const end = endLocal <= startMin ? 24 * 60 : endLocal;
  const top = Math.max(startMin, GRID_FROM * 60) - GRID_FROM * 60;
  const bottom = Math.min(end, GRID_UNTIL * 60) - GRID_FROM * 60;
  return bottom <= top ? null : { top, height: bottom - top };
}

/** Side-by-side lanes for overlapping blocks (e.g. a cancelled and a confirmed booking). */
function lanes(items: Array<{ b: BookingView; top: number; height: number }>) {
  const sorted = [...items].sort((a, b) => a.top - b.top);
  const out: Array<{ b: BookingView; top: number; height: number; lane: number; lanes: number }> = [];
  let cluster: typeof out = [];
  let clusterEnd = -1;
  const flush = () => {
    const n = Math.max(1, ...cluster.map((c) => c.lane + 1));
    for (const c of cluster) out.push({ ...c, lanes: n });
    cluster = [];
  };
  for (const it of sorted) {
    if (it.top >= clusterEnd) flush();
    const used = new Set(cluster.filter((c) => c.top + c.height > it.top).map((c) => c.lane));
    let lane = 0;
    while (used.has(lane)) lane++;
    cluster.push({ ...it, lane, lanes: 1 });
    clusterEnd = Math.max(clusterEnd, it.top + it.height);
  }
  flush();
  return out;
}

export function CalendarGrid({
  columns,
  canEdit,
  slotLabel,
  columnLabel,
  statusLabel,
}: {
  columns: GridColumn[];
  canEdit: boolean;
  slotLabel: (col: GridColumn, time: string) => string;
  /** With many columns (the day view across rooms): one free-slot area per column instead of a link per hour. */
  columnLabel?: (col: GridColumn) => string;
  statusLabel: (b: BookingView) => string;
}) {
  const hours = Array.from({ length: GRID_UNTIL - GRID_FROM }, (_, i) => GRID_FROM + i);
  const height = hours.length * HOUR_PX;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="calendar-grid">
      <div className="min-w-[760px]">
        <div
          className="sticky top-0 z-20 grid border-b border-slate-200 bg-white"
          style={{ gridTemplateColumns: `56px repeat(${columns.length}, minmax(0, 1fr))` }}
        >
          <div />
          {columns.map((c) => (
            <div
              key={c.key}
              className={`border-l border-slate-200 px-2 py-2 text-center ${c.highlight ? "bg-brand-50" : ""}`}
            >
              {c.header}
            </div>
          ))}
        </div>
        <div className="grid" style={{ gridTemplateColumns: `56px repeat(${columns.length}, minmax(0, 1fr))` }}>
          <div className="relative" style={{ height }}>
            {hours.map((h, i) => (
              <div
                key={h}
                className={`absolute right-2 text-[11px] tabular-nums text-slate-500 ${i === 0 ? "" : "-translate-y-2"}`}
                style={{ top: i * HOUR_PX }}
              >
                {`${String(h).padStart(2, "0")}:00`}
              </div>
            ))}
          </div>
          {columns.map((c) => {
            const placed = lanes(
              c.bookings.flatMap((b) => {
                const p = placement(b, c.date);
                return p ? [{ b, top: p.top, height: p.height }] : [];
              }),
            );
            return (
              <div
                key={c.key}
                className={`relative border-l border-slate-200 ${c.highlight ? "bg-brand-50/40" : ""}`}
                style={{ height }}
                data-testid={`calendar-column-${c.key}`}
              >
                {canEdit && columnLabel ? (
                  <SlotArea
                    roomId={c.roomId}
                    date={c.date}
                    from={GRID_FROM}
                    hours={hours.length}
                    hourPx={HOUR_PX}
                    label={columnLabel(c)}
                  />
                ) : null}
                {(canEdit && columnLabel ? [] : hours).map((h, i) => {
                  const time = `${String(h).padStart(2, "0")}:00`;
                  const cls = `absolute inset-x-0 border-t border-slate-100 ${i === 0 ? "border-t-0" : ""}`;
                  return canEdit ? (
                    <Link
                      key={h}
                      href={`/bookings/new?room=${c.roomId}&date=${c.date}&start=${time}`}
                      aria-label={slotLabel(c, time)}
                      className={`${cls} block hover:bg-brand-50`}
                      style={{ top: i * HOUR_PX, height: HOUR_PX }}
                    />
                  ) : (
                    <div key={h} className={cls} style={{ top: i * HOUR_PX, height: HOUR_PX }} />
                  );
                })}
                {placed.map(({ b, top, height: h, lane, lanes: n }) => {
                  const px = (top / 60) * HOUR_PX;
                  const hp = Math.max((h / 60) * HOUR_PX - 2, 18);
                  const compact = hp < 40;
                  return (
                    <Link
                      key={b.id}
                      href={`/bookings/${b.id}`}
                      data-testid="calendar-booking"
                      title={`${b.local.startTime}–${b.local.endTime} ${b.title}${b.customerName ? ` · ${b.customerName}` : ""} (${statusLabel(b)})`}
                      className={`absolute z-10 overflow-hidden rounded-md border-l-4 px-1.5 py-0.5 text-xs shadow-sm transition hover:z-20 hover:shadow-md ${b.isCancelled ? "opacity-60" : ""}`}
                      style={{
                        top: px + 1,
                        height: hp,
                        left: `calc(${(lane / n) * 100}% + 2px)`,
                        width: `calc(${100 / n}% - 4px)`,
                        borderLeftColor: b.statusColor,
                        backgroundColor: `${b.statusColor}1f`,
                      }}
                    >
                      <span
                        className={`block truncate font-semibold text-slate-900 ${b.isCancelled ? "line-through" : ""}`}
                      >
                        {compact ? `${b.local.startTime} ${b.title}` : b.title}
                      </span>
                      {!compact ? (
                        <span className="block truncate tabular-nums text-slate-600">
                          {b.local.startTime}–{b.local.endTime}
                        </span>
                      ) : null}
                      {!compact && hp >= 56 && b.customerName ? (
                        <span className="block truncate text-slate-600">{b.customerName}</span>
                      ) : null}
                      {!compact && hp >= 72 ? (
                        <span
                          className="mt-0.5 inline-block truncate rounded px-1 text-[10px] font-medium text-white"
                          style={{ backgroundColor: b.statusColor }}
                        >
                          {statusLabel(b)}
                        </span>
                      ) : null}
                    </Link>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

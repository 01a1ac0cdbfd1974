"use client";
// The free area of a day-view column: one element instead of a link per hour. A click books the
// hour clicked; keyboard and screen-reader users get one link per column (the room on that day).
import Link from "next/link";
import { useRouter } from "next/navigation";

export function SlotArea({
  roomId,
  date,
  from,
  hours,
  hourPx,
  label,
}: {
  roomId: string;
  date: string;
  /** The first hour of the grid and how many rows it has. */
  from: number;
  hours: number;
  hourPx: number;
  /** "Book {room} on {date}": the column's accessible link. */
  label: string;
}) {
  const router = useRouter();
  const base = `/bookings/new?room=${roomId}&date=${date}`;
  return (
    <div
      className="absolute inset-0 cursor-pointer hover:bg-brand-50/30"
      style={{
        backgroundImage: `repeating-linear-gradient(to bottom, transparent 0, transparent ${hourPx - 1}px, #f1f5f9 ${hourPx - 1}px, #f1f5f9 ${hourPx}px)`,
      }}
      onClick={(e) => {
        const y = e.clientY - e.currentTarget.getBoundingClientRect().top;
        const hour = Math.min(from + hours - 1, Math.max(from, from + Math.floor(y / hourPx)));
        router.push(`${base}&start=${String(hour).padStart(2, "0")}:00`);
      }}
    >
      <Link
        href={base}
        aria-label={label}
        className="sr-only focus:not-sr-only focus:absolute focus:inset-x-1 focus:top-1 focus:rounded focus:bg-white focus:px-1 focus:text-xs"
        onClick={(e) => e.stopPropagation()}
      >
        {label}
      </Link>
    </div>
  );
}

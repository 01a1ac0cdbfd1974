// Per-room booking rules: bookable hours, max duration, minimum lead time, advance window and
// capacity. Pure: given the room, its policy and a candidate slot, return every rule it breaks.
import { DateTime } from "luxon";
import type { Room, RoomPolicy } from "@/db/schema";
import type { BookingIssueInput } from "./errors";
import { minutesBetween, utcToLocal } from "./time";

export interface PolicySlot {
  startAt: Date;
  endAt: Date;
  attendeeCount: number;
  /**
   * An all-day meeting from Outlook: it books the room's whole local day(s) by nature, so bookable
   * hours (it crosses midnight) and the maximum length are not its measure; notice, booking window,
   * capacity and clashes still are.
   */
  allDay?: boolean;
}

/** Booking flag of an all-day meeting (whole local days in the room's zone; see PolicySlot.allDay). */
export const ALL_DAY_FLAG = "all_day";
export const isAllDayBooking = (b: { flags: string[] }) => b.flags.includes(ALL_DAY_FLAG);

export interface PolicyCheck {
  room: Pick<Room, "name" | "capacity" | "timeZone" | "bookableFrom" | "bookableUntil" | "active">;
  policy: Pick<RoomPolicy, "maxDurationMinutes" | "minLeadMinutes" | "advanceDays" | "enforceCapacity"> | null;
  slot: PolicySlot;
  now: Date;
  /**
   * Lead time and advance window only apply when the slot is new or moved: renaming a booking
   * that starts in an hour must not be refused because it is "too late to book".
   */
  timingChanged: boolean;
}

/** Every broken rule, in form order; empty when the slot is fine. */
export function checkPolicies({ room, policy, slot, now, timingChanged }: PolicyCheck): BookingIssueInput[] {
  const issues: BookingIssueInput[] = [];
  const base = { room: room.name, timeZone: room.timeZone };
  if (slot.endAt.getTime() <= slot.startAt.getTime()) {
    return [{ code: "end_before_start", field: "endTime", params: base }];
  }
  if (!room.active) issues.push({ code: "room_inactive", field: "roomId", params: base });

  const s = utcToLocal(slot.startAt, room.timeZone);
  const e = utcToLocal(slot.endAt, room.timeZone);
  // A slot ending at midnight ends on the next local date at 00:00; treat that as "24:00".
  const endTime = e.time === "00:00" && e.date > s.date ? "24:00" : e.time;
  const endDate = endTime === "24:00" ? s.date : e.date;
  const until = room.bookableUntil === "00:00" ? "24:00" : room.bookableUntil;
  if (!slot.allDay && (endDate !== s.date || s.time < room.bookableFrom || endTime > until)) {
    issues.push({
      code: "outside_hours",
      field: s.time < room.bookableFrom ? "startTime" : "endTime",
      params: { ...base, from: room.bookableFrom, until: room.bookableUntil },
    });
  }

  const minutes = minutesBetween(slot.startAt, slot.endAt);
  if (!slot.allDay && policy?.maxDurationMinutes && minutes > policy.maxDurationMinutes) {
    issues.push({
      code: "max_duration",
      field: "endTime",
      params: { ...base, maxMinutes: policy.maxDurationMinutes, minutes },
    });
  }
  if (
    timingChanged &&
    policy?.minLeadMinutes &&
    slot.startAt.getTime() < now.getTime() + policy.minLeadMinutes * 60_000
  ) {
    issues.push({ code: "min_lead", field: "startTime", params: { ...base, leadMinutes: policy.minLeadMinutes } });
  }
  if (timingChanged && policy?.advanceDays) {
    // Counted in the room's calendar days: "90 days ahead" means up to the end of that local day.
    const last = DateTime.fromJSDate(now, { zone: room.timeZone }).plus({ days: policy.advanceDays }).endOf("day");
    if (slot.startAt.getTime() > last.toMillis()) {
      issues.push({ code: "advance_window", field: "date", params: { ...base, days: policy.advanceDays } });
    }
  }
  // No policy row means the schema's default: capacity is enforced.
  const enforceCapacity = policy ? policy.enforceCapacity : true;
  if (enforceCapacity && slot.attendeeCount > room.capacity) {
    issues.push({
      code: "capacity",
      field: "attendeeCount",
      params: { ...base, capacity: room.capacity, attendees: slot.attendeeCount },
    });
  }
  return issues;
}

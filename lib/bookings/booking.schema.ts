// The booking form's one zod schema, shared by the client (zodResolver) and the server action,
// with field-level messages in English or Dutch, plus the mapping from form values to the service.
import { z } from "zod";
import type { RecurrenceRule } from "@/db/schema";
import type { CreateBookingInput } from "./create-booking";
import { msg, MONTH_MAX_DAYS, type Locale, type MessageCode } from "./messages";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export const recurrenceFrequencies = ["daily", "weekly", "monthly", "yearly"] as const;

export function makeBookingSchema(locale: Locale = "en") {
  const m = msg(locale);
  const date = z.string().regex(DATE, m("date_format"));
  const time = z.string().regex(TIME, m("time_format"));
  const int = (min: number, max: number) =>
    z.coerce
      .number(m("number_range", { min, max }))
      .int(m("number_range", { min, max }))
      .min(min, m("number_range", { min, max }))
      .max(max, m("number_range", { min, max }));
  const optionalId = z
    .union([z.uuid(m("required")), z.literal("")])
    .optional()
    .nullable();

  const recurrence = z
    .object({
      frequency: z.enum(recurrenceFrequencies),
      interval: int(1, 99),
      /** ISO weekdays, 1 = Monday … 7 = Sunday. */
      weekdays: z.array(z.coerce.number().int().min(1).max(7)).default([]),
      /** Monthly and yearly: on a day of the month or an nth weekday. */
      monthlyMode: z.enum(["day", "weekday"]).default("day"),
      /** Yearly: 1 = January … 12 = December. */
      month: int(1, 12).optional(),
      monthDay: int(1, 31).optional(),
      monthWeekIndex: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(-1)]).optional(),
      monthWeekday: int(1, 7).optional(),
      ends: z.enum(["until", "count", "never"]),
      until: z.union([date, z.literal("")]).optional(),
      count: z.union([int(1, 999), z.literal("")]).optional(),
    })
    .superRefine((r, ctx) => {
      const at = (path: string, code: MessageCode, params?: Record<string, number>) =>
        ctx.addIssue({ code: "custom", path: [path], message: m(code, params) });
      const byMonth = r.frequency === "monthly" || r.frequency === "yearly";
      if (r.frequency === "weekly" && !r.weekdays.length) at("weekdays", "weekdays_required");
      if (r.frequency === "yearly" && !r.month) at("month", "month_required");
      if (byMonth && r.monthlyMode === "day" && !r.monthDay) at("monthDay", "month_day_required");
      if (byMonth && r.monthlyMode === "weekday" && (!r.monthWeekIndex || !r.monthWeekday))
        at("monthWeekday", "month_day_required");
      // A month outside 1–12 has no length to check against (the month field says what is wrong).
      const max = r.month ? MONTH_MAX_DAYS[r.month - 1] : undefined;
      if (r.frequency === "yearly" && r.monthlyMode === "day" && r.month && r.monthDay && max && r.monthDay > max) {
        at("monthDay", "day_not_in_month", { month: r.month, day: r.monthDay, max });
      }
      if (r.ends === "until" && !r.until) at("until", "until_required");
      if (r.ends === "count" && !r.count) at("count", "count_required");
    });

  return z
    .object({
      roomId: z.uuid(m("required")),
      date,
      startTime: time,
      endTime: time,
      title: z
        .string()
        .trim()
        .min(1, m("required"))
        .max(200, m("too_long", { max: 200 })),
      statusId: z.uuid(m("required")),
      customerId: optionalId,
      organizerEmail: z
        .union([z.email(m("invalid_email")), z.literal("")])
        .optional()
        .nullable(),
      attendeeCount: int(1, 10_000),
      notes: z
        .string()
        .max(4000, m("too_long", { max: 4000 }))
        .optional()
        .nullable(),
      recurrence: recurrence.optional().nullable(),
      /** Present when editing: the version the form was loaded with. */
      version: z.coerce.number().int().optional(),
    })
    .superRefine((v, ctx) => {
      // "00:00" as an end means midnight at the end of the day.
      if (v.endTime !== "00:00" && v.endTime <= v.startTime) {
        ctx.addIssue({ code: "custom", path: ["endTime"], message: m("end_before_start") });
      }
      if (v.recurrence?.ends === "until" && v.recurrence.until && v.recurrence.until < v.date) {
        ctx.addIssue({ code: "custom", path: ["recurrence", "until"], message: m("until_before_start") });
      }
    });
}

/** English schema; the client builds `makeBookingSchema(locale)` for the user's language. */
export const bookingSchema = makeBookingSchema("en");
export type BookingFormInput = z.input<typeof bookingSchema>;
export type BookingFormValues = z.output<typeof bookingSchema>;
export type RecurrenceFormValues = NonNullable<BookingFormValues["recurrence"]>;

export function formToRule(r: RecurrenceFormValues): RecurrenceRule {
  const rule: RecurrenceRule = { frequency: r.frequency, interval: r.interval };
  if (r.frequency === "weekly") rule.weekdays = [...r.weekdays].sort();
  if (r.frequency === "yearly") rule.month = r.month;
  if (r.frequency === "monthly" || r.frequency === "yearly") {
    if (r.monthlyMode === "weekday" && r.monthWeekIndex && r.monthWeekday)
      rule.monthWeek = { index: r.monthWeekIndex, weekday: r.monthWeekday };
    else rule.monthDay = r.monthDay;
  }
  if (r.ends === "until" && r.until) rule.until = r.until;
  if (r.ends === "count" && r.count) rule.count = r.count;
  return rule;
}

/** Parsed form values -> createBooking input. */
export function formToBookingInput(v: BookingFormValues): CreateBookingInput {
  return {
    roomId: v.roomId,
    date: v.date,
    startTime: v.startTime,
    endTime: v.endTime,
    title: v.title,
    statusId: v.statusId,
    customerId: v.customerId || null,
    organizerEmail: v.organizerEmail || null,
    attendeeCount: v.attendeeCount,
    notes: v.notes || null,
    recurrence: v.recurrence ? formToRule(v.recurrence) : null,
  };
}

import { describe, expect, it } from "vitest";
import { bookingSchema, formToBookingInput, makeBookingSchema } from "./booking.schema";

const ROOM = "3f9c6c8e-2d0e-4d6a-9a57-0c1f7d1e2a11";
const STATUS = "7b1d7a36-5a58-4d0c-8d3f-1e2f3a4b5c6d";
const valid = { roomId: ROOM, date: "2026-11-24", startTime: "10:00", endTime: "11:00", title: "Kick-off", statusId: STATUS, attendeeCount: "4" };

const fieldErrors = (r: ReturnType<typeof bookingSchema.safeParse>) =>
  r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));

describe("booking form schema", () => {
  it("accepts a plain booking and maps it to the service input", () => {
    const r = bookingSchema.safeParse({ ...valid, customerId: "", organizerEmail: "", notes: "" });
    expect(r.success).toBe(true);
    expect(formToBookingInput(r.data!)).toMatchObject({ attendeeCount: 4, customerId: null, organizerEmail: null, notes: null, recurrence: null });
  });

  it("puts each problem on its field, in English or Dutch", () => {
    const bad = { ...valid, date: "24-11-2026", endTime: "09:00", title: " ", attendeeCount: "0", organizerEmail: "nope" };
    expect(fieldErrors(bookingSchema.safeParse(bad))).toEqual({
      date: "Enter a date as YYYY-MM-DD",
      title: "Required",
      attendeeCount: "Enter a whole number from 1 to 10000",
      organizerEmail: "Enter a valid e-mail address",
      endTime: "The end must be after the start",
    });
    expect(fieldErrors(makeBookingSchema("nl").safeParse(bad))).toMatchObject({
      endTime: "Het einde moet na het begin liggen",
      title: "Verplicht",
    });
  });

  it("validates the recurrence part and turns it into a rule", () => {
    const weekly = { frequency: "weekly", interval: "1", weekdays: [], ends: "until", until: "" };
    expect(fieldErrors(bookingSchema.safeParse({ ...valid, recurrence: weekly }))).toEqual({
      "recurrence.weekdays": "Pick at least one weekday",
      "recurrence.until": "Pick the date the series ends",
    });
    const ok = bookingSchema.parse({ ...valid, recurrence: { ...weekly, weekdays: [4, 2], until: "2027-01-31" } });
    expect(formToBookingInput(ok).recurrence).toEqual({ frequency: "weekly", interval: 1, weekdays: [2, 4], until: "2027-01-31" });
    const monthly = bookingSchema.parse({ ...valid, recurrence: { frequency: "monthly", interval: 1, monthlyMode: "weekday", monthWeekIndex: -1, monthWeekday: 5, ends: "count", count: "6" } });
    expect(formToBookingInput(monthly).recurrence).toEqual({ frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 6 });
  });
});

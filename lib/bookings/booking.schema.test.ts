import { describe, expect, it } from "vitest";
import { bookingSchema, formToBookingInput, makeBookingSchema } from "./booking.schema";

const ROOM = "3f9c6c8e-2d0e-4d6a-9a57-0c1f7d1e2a11";
const STATUS = "7b1d7a36-5a58-4d0c-8d3f-1e2f3a4b5c6d";
const valid = {
  roomId: ROOM,
  date: "2026-11-24",
  startTime: "10:00",
  endTime: "11:00",
  title: "Kick-off",
  statusId: STATUS,
  attendeeCount: "4",
};

const fieldErrors = (r: ReturnType<typeof bookingSchema.safeParse>) =>
  r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));

describe("booking form schema", () => {
  it("accepts a plain booking and maps it to the service input", () => {
    const r = bookingSchema.safeParse({ ...valid, customerId: "", organizerEmail: "", notes: "" });
    expect(r.success).toBe(true);
    expect(formToBookingInput(r.data!)).toMatchObject({
      attendeeCount: 4,
      customerId: null,
      organizerEmail: null,
      notes: null,
      recurrence: null,
    });
  });

  it("puts each problem on its field, in English or Dutch", () => {
    const bad = {
      ...valid,
      date: "24-11-2026",
      endTime: "09:00",
      title: " ",
      attendeeCount: "0",
      organizerEmail: "nope",
    };
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
    expect(formToBookingInput(ok).recurrence).toEqual({
      frequency: "weekly",
      interval: 1,
      weekdays: [2, 4],
      until: "2027-01-31",
    });
    const monthly = bookingSchema.parse({
      ...valid,
      recurrence: {
        frequency: "monthly",
        interval: 1,
        monthlyMode: "weekday",
        monthWeekIndex: -1,
        monthWeekday: 5,
        ends: "count",
        count: "6",
      },
    });
    expect(formToBookingInput(monthly).recurrence).toEqual({
      frequency: "monthly",
      interval: 1,
      monthWeek: { index: -1, weekday: 5 },
      count: 6,
    });
  });

  it("validates a yearly recurrence (month + day or month + nth weekday) and turns it into a rule", () => {
    // The form always carries the fields of every frequency (the date's day and month as defaults).
    const yearly = {
      frequency: "yearly",
      interval: "1",
      weekdays: [2],
      monthlyMode: "day",
      month: "3",
      monthDay: "14",
      ends: "never",
      until: "",
      count: "",
    };
    expect(formToBookingInput(bookingSchema.parse({ ...valid, recurrence: yearly })).recurrence).toEqual({
      frequency: "yearly",
      interval: 1,
      month: 3,
      monthDay: 14,
    });
    const relative = bookingSchema.parse({
      ...valid,
      recurrence: {
        ...yearly,
        interval: "2",
        monthlyMode: "weekday",
        month: "11",
        monthWeekIndex: -1,
        monthWeekday: "5",
        ends: "count",
        count: "5",
      },
    });
    expect(formToBookingInput(relative).recurrence).toEqual({
      frequency: "yearly",
      interval: 2,
      month: 11,
      monthWeek: { index: -1, weekday: 5 },
      count: 5,
    });
    // The same form values as monthly keep no month in the rule.
    expect(
      formToBookingInput(bookingSchema.parse({ ...valid, recurrence: { ...yearly, frequency: "monthly" } })).recurrence,
    ).toEqual({ frequency: "monthly", interval: 1, monthDay: 14 });

    expect(fieldErrors(bookingSchema.safeParse({ ...valid, recurrence: { ...yearly, month: undefined } }))).toEqual({
      "recurrence.month": "Pick the month the series repeats in",
    });
    expect(fieldErrors(bookingSchema.safeParse({ ...valid, recurrence: { ...yearly, month: "13" } }))).toEqual({
      "recurrence.month": "Enter a whole number from 1 to 12",
    });
    expect(
      fieldErrors(bookingSchema.safeParse({ ...valid, recurrence: { ...yearly, month: "4", monthDay: "31" } })),
    ).toEqual({ "recurrence.monthDay": "April has no day 31: pick day 1 to 30" });
    expect(
      fieldErrors(
        makeBookingSchema("nl").safeParse({ ...valid, recurrence: { ...yearly, month: "2", monthDay: "30" } }),
      ),
    ).toEqual({ "recurrence.monthDay": "februari heeft geen dag 30: kies dag 1 tot en met 29" });
    expect(
      fieldErrors(bookingSchema.safeParse({ ...valid, recurrence: { ...yearly, month: "2", monthDay: "29" } })),
    ).toEqual({});
    expect(fieldErrors(bookingSchema.safeParse({ ...valid, recurrence: { ...yearly, monthDay: undefined } }))).toEqual({
      "recurrence.monthDay": "Pick a day of the month or a weekday of the month",
    });
    expect(
      fieldErrors(bookingSchema.safeParse({ ...valid, recurrence: { ...yearly, monthlyMode: "weekday" } })),
    ).toEqual({ "recurrence.monthWeekday": "Pick a day of the month or a weekday of the month" });
    expect(fieldErrors(makeBookingSchema("nl").safeParse({ ...valid, recurrence: { ...yearly, month: "" } }))).toEqual({
      "recurrence.month": "Kies de maand waarin de reeks terugkomt",
    });
  });
});

import { describe, expect, it } from "vitest";
import { toIssue } from "./errors";
import { checkPolicies, type PolicyCheck } from "./policies";
import { localToUtc } from "./time";

const AMS = "Europe/Amsterdam";
const room = {
  name: "Zaal A",
  capacity: 8,
  timeZone: AMS,
  bookableFrom: "07:00",
  bookableUntil: "22:00",
  active: true,
};
const policy = { maxDurationMinutes: 240, minLeadMinutes: 120, advanceDays: 90, enforceCapacity: true };
const now = localToUtc("2026-11-23", "09:00", AMS);
const slot = (date: string, from: string, to: string, attendeeCount = 4) => ({
  startAt: localToUtc(date, from, AMS),
  endAt: localToUtc(date, to, AMS),
  attendeeCount,
});
const check = (over: Partial<PolicyCheck>) =>
  checkPolicies({ room, policy, slot: slot("2026-11-24", "10:00", "11:00"), now, timingChanged: true, ...over }).map(
    toIssue,
  );

describe("checkPolicies", () => {
  it("accepts a slot inside every rule", () => {
    expect(check({})).toEqual([]);
  });

  it("max duration: 4 h is fine, a minute more is not", () => {
    expect(check({ slot: slot("2026-11-24", "10:00", "14:00") })).toEqual([]);
    const [i] = check({ slot: slot("2026-11-24", "10:00", "14:01") });
    expect(i).toMatchObject({
      code: "max_duration",
      field: "endTime",
      message: "The maximum duration for Zaal A is 4 h",
    });
    expect(i?.messageNl).toBe("De maximale duur voor Zaal A is 4 uur");
  });

  it("minimum lead time", () => {
    const [i] = check({ slot: slot("2026-11-23", "10:30", "11:00") });
    expect(i).toMatchObject({
      code: "min_lead",
      field: "startTime",
      message: "Bookings for Zaal A must be made at least 2 h ahead",
    });
    expect(i?.messageNl).toBe("Boekingen voor Zaal A moeten minstens 2 uur van tevoren worden gemaakt");
    expect(check({ slot: slot("2026-11-23", "11:00", "12:00") })).toEqual([]);
    // Editing the title of a booking that starts soon is not "booking late".
    expect(check({ slot: slot("2026-11-23", "10:30", "11:00"), timingChanged: false })).toEqual([]);
  });

  it("advance window counts room-local calendar days", () => {
    expect(check({ slot: slot("2027-02-21", "20:00", "21:00") })).toEqual([]);
    const [i] = check({ slot: slot("2027-02-22", "08:00", "09:00") });
    expect(i).toMatchObject({
      code: "advance_window",
      field: "date",
      message: "Zaal A can be booked at most 90 days ahead",
    });
    expect(i?.messageNl).toBe("Zaal A kan hoogstens 90 dagen vooruit worden geboekt");
  });

  it("capacity, unless the policy turns it off", () => {
    const [i] = check({ slot: slot("2026-11-24", "10:00", "11:00", 12) });
    expect(i).toMatchObject({
      code: "capacity",
      field: "attendeeCount",
      message: "Zaal A holds 8 people; 12 attendees requested",
    });
    expect(i?.messageNl).toBe("Zaal A biedt plaats aan 8 personen; 12 deelnemers gevraagd");
    expect(
      check({ slot: slot("2026-11-24", "10:00", "11:00", 12), policy: { ...policy, enforceCapacity: false } }),
    ).toEqual([]);
    // No policy row: capacity is still enforced (the schema default).
    expect(check({ slot: slot("2026-11-24", "10:00", "11:00", 12), policy: null }).map((x) => x.code)).toEqual([
      "capacity",
    ]);
  });

  it("bookable hours, in the room's local time, one day only", () => {
    const [i] = check({ slot: slot("2026-11-24", "06:30", "08:00") });
    expect(i).toMatchObject({
      code: "outside_hours",
      field: "startTime",
      message: "Zaal A can be booked between 07:00 and 22:00 (local time), on one day",
    });
    expect(check({ slot: slot("2026-11-24", "21:00", "22:30") })[0]).toMatchObject({
      code: "outside_hours",
      field: "endTime",
    });
    expect(check({ slot: slot("2026-11-24", "21:00", "22:00") })).toEqual([]);
    // 07:00 local is 06:00 UTC in winter: the check uses local time, not UTC.
    expect(check({ slot: slot("2026-12-01", "07:00", "08:00"), now: localToUtc("2026-11-01", "09:00", AMS) })).toEqual(
      [],
    );
  });

  it("reports several broken rules at once, and end before start alone", () => {
    expect(check({ slot: slot("2026-11-23", "09:30", "20:00", 20) }).map((x) => x.code)).toEqual([
      "max_duration",
      "min_lead",
      "capacity",
    ]);
    expect(
      check({ slot: { ...slot("2026-11-24", "10:00", "11:00"), endAt: localToUtc("2026-11-24", "09:00", AMS) } }),
    ).toMatchObject([{ code: "end_before_start", message: "The end must be after the start" }]);
  });

  it("an inactive room is refused", () => {
    expect(check({ room: { ...room, active: false } })[0]).toMatchObject({ code: "room_inactive", field: "roomId" });
  });
});

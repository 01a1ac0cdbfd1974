import { describe, expect, it } from "vitest";
import { BookingError } from "./errors";
import { dayRange, formatRange, formatShortDate, localToUtc, utcToLocal, weekRange } from "./time";

const AMS = "Europe/Amsterdam";

describe("localToUtc in Europe/Amsterdam", () => {
  it("uses +01:00 in winter and +02:00 in summer", () => {
    // Independently: CET = UTC+1, CEST = UTC+2.
    expect(localToUtc("2026-01-15", "09:00", AMS).toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(localToUtc("2026-07-15", "09:00", AMS).toISOString()).toBe("2026-07-15T07:00:00.000Z");
  });

  it("switches on the last Sunday of March at 01:00 UTC", () => {
    expect(localToUtc("2026-03-29", "01:59", AMS).toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(localToUtc("2026-03-29", "03:00", AMS).toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("refuses a time in the spring gap with a clear, field-bound error", () => {
    let err: unknown;
    try {
      localToUtc("2026-03-29", "02:30", AMS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BookingError);
    const be = err as BookingError;
    expect(be.code).toBe("nonexistent_local_time");
    expect(be.field).toBe("startTime");
    expect(be.message).toBe(
      "02:30 does not exist on 2026-03-29 in Europe/Amsterdam: the clocks go forward that night. Pick a time outside the skipped hour, e.g. 03:00",
    );
    expect(be.messageNl).toContain("die nacht gaat de klok vooruit");
  });

  it("takes the earlier instant for an ambiguous autumn time", () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) on 25 Oct 2026.
    expect(localToUtc("2026-10-25", "02:30", AMS).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(localToUtc("2026-10-25", "03:00", AMS).toISOString()).toBe("2026-10-25T02:00:00.000Z");
    expect(localToUtc("2026-10-25", "01:59", AMS).toISOString()).toBe("2026-10-24T23:59:00.000Z");
  });

  it("rejects malformed dates and times", () => {
    expect(() => localToUtc("2026-02-30", "09:00", AMS)).toThrow(/not a valid date/);
    expect(() => localToUtc("2026-02-10", "9:00", AMS)).toThrow(/not a valid time/);
  });
});

describe("display helpers", () => {
  it("round-trips and formats in the room's zone, in English and Dutch", () => {
    const at = localToUtc("2026-11-24", "10:00", AMS);
    expect(utcToLocal(at, AMS)).toEqual({ date: "2026-11-24", time: "10:00", weekday: 2 });
    expect(formatShortDate(at, AMS, "en")).toBe("Tue 24 Nov");
    expect(formatShortDate(at, AMS, "nl")).toBe("di 24 nov");
    expect(formatRange(at, new Date(at.getTime() + 3_600_000), AMS)).toBe("Tue 24 Nov 10:00–11:00");
  });

  it("gives DST days their real length and weeks start on Monday", () => {
    const spring = dayRange("2026-03-29", AMS);
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    const autumn = dayRange("2026-10-25", AMS);
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
    const w = weekRange(localToUtc("2026-11-26", "12:00", AMS), AMS);
    expect(w.start.toISOString()).toBe("2026-11-22T23:00:00.000Z");
    expect(w.end.toISOString()).toBe("2026-11-29T23:00:00.000Z");
  });
});

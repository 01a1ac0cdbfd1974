import { describe, expect, it } from "vitest";
import { conflictIssue, findConflicts, type BlockingBooking } from "./conflicts";
import { toIssue } from "./errors";
import { localToUtc } from "./time";

const AMS = "Europe/Amsterdam";
const at = (t: string, d = "2026-11-24") => localToUtc(d, t, AMS);
const existing: BlockingBooking = {
  id: "b1",
  startAt: at("10:00"),
  endAt: at("11:00"),
  title: "Weekly",
  organizerEmail: "jan@example.nl",
  customerName: "Jan de Vries",
  statusName: "Confirmed",
  statusNameNl: "Bevestigd",
  recurrenceGroupId: null,
};

describe("findConflicts", () => {
  it("treats intervals as half-open: touching is fine, any overlap is not", () => {
    expect(findConflicts([{ startAt: at("09:00"), endAt: at("10:00") }], [existing])).toEqual([]);
    expect(findConflicts([{ startAt: at("11:00"), endAt: at("12:00") }], [existing])).toEqual([]);
    expect(findConflicts([{ startAt: at("10:59"), endAt: at("12:00") }], [existing])).toHaveLength(1);
    expect(findConflicts([{ startAt: at("09:00"), endAt: at("12:00") }], [existing])).toHaveLength(1);
    expect(findConflicts([{ startAt: at("10:15"), endAt: at("10:45") }], [existing])).toHaveLength(1);
  });

  it("reports which candidate of a series clashes", () => {
    const series = ["2026-11-17", "2026-11-24", "2026-12-01"].map((d) => ({
      startAt: at("10:30", d),
      endAt: at("11:30", d),
    }));
    expect(findConflicts(series, [existing]).map((h) => h.index)).toEqual([1]);
  });

  it("words the clash as a person would read it, in both languages", () => {
    const i = toIssue(conflictIssue({ name: "Zaal A", timeZone: AMS }, existing));
    expect(i.message).toBe("Zaal A is booked 10:00–11:00 on Tue 24 Nov by Jan de Vries (Confirmed)");
    expect(i.messageNl).toBe("Zaal A is bezet van 10:00–11:00 op di 24 nov door Jan de Vries (Bevestigd)");
    expect(i.field).toBe("startTime");
  });
});

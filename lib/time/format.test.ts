// Times read the same wherever the server or the browser runs: in the admin's zone, named, one
// date format per language; a date-only value stays that date in every zone.
import { describe, expect, it } from "vitest";
import {
  dateOnlyValue,
  durationParts,
  formatDate,
  formatDateOnly,
  formatDateTime,
  formatTime,
  zoneOffset,
} from "./format";
import { formatMinutes } from "./duration";
import { isTimeZone, zoneOr } from "./zone";
import { translator } from "@/lib/i18n/catalog";

const at = new Date("2026-12-08T13:05:00Z");

describe("lib/time", () => {
  it("renders an instant in the given zone, not the process's", () => {
    const ams = { locale: "en" as const, zone: "Europe/Amsterdam" };
    expect(formatTime(at, ams)).toBe("14:05");
    expect(formatTime(at, { locale: "en", zone: "UTC" })).toBe("13:05");
    expect(formatDateTime(at, ams)).toBe("Tue, 8 Dec 2026, 14:05");
    expect(formatDate(at, { locale: "nl", zone: "Europe/Amsterdam" })).toBe("di 8 dec 2026");
    // Late evening in UTC is already the next day in Amsterdam.
    expect(formatDate(new Date("2026-12-08T23:30:00Z"), ams)).toBe("Wed, 9 Dec 2026");
  });

  it("shows a secret expiry entered as 3 Jun 2027 as 3 Jun in every zone", () => {
    const stored = new Date("2027-06-03T23:59:59Z"); // how the authentication form stores it
    expect(formatDateOnly(stored, "en")).toBe("Thu, 3 Jun 2027");
    expect(formatDateOnly("2027-06-03", "nl")).toBe("do 3 jun 2027");
    expect(dateOnlyValue(stored)).toBe("2027-06-03");
    // The instant itself would read 4 Jun in Amsterdam: what the diagnostics page used to show.
    expect(formatDate(stored, { locale: "en", zone: "Europe/Amsterdam" })).toBe("Fri, 4 Jun 2027");
  });

  it("names the zone's offset, and refuses what is not a zone", () => {
    expect(zoneOffset("Europe/Amsterdam", at)).toBe("UTC+1");
    expect(zoneOffset("Europe/Amsterdam", new Date("2026-07-01T12:00:00Z"))).toBe("UTC+2");
    expect(zoneOffset("Asia/Kolkata", at)).toBe("UTC+5:30");
    expect(zoneOffset("UTC", at)).toBe("UTC");
    expect(isTimeZone("Europe/Amsterdam")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("'; drop table")).toBe(false);
    expect(zoneOr(undefined)).toBe("UTC");
    expect(zoneOr("America/New_York")).toBe("America/New_York");
  });

  it("says policy minutes in words: 2880 → 2 days", () => {
    expect(durationParts(2880)).toEqual({ days: 2, hours: 0, minutes: 0 });
    const en = translator("en", "common");
    const nl = translator("nl", "common");
    expect(formatMinutes(2880, en)).toBe("2 days");
    expect(formatMinutes(1440, en)).toBe("1 day");
    expect(formatMinutes(90, en)).toBe("1 hour 30 minutes");
    expect(formatMinutes(120, nl)).toBe("2 uur");
    expect(formatMinutes(1, nl)).toBe("1 minuut");
  });
});

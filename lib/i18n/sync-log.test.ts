// Sync-log lines in the reader's language: stored codes, refusals from the booking core, and the
// English sentences older rows (and lines not converted yet) hold.
import { describe, expect, it } from "vitest";
import { syncLogText, syncWords } from "./sync-log";

const coded = (code: string, params: Record<string, unknown> = {}) =>
  ({ code, params, message: null }) as Parameters<typeof syncLogText>[0];
const stored = (message: string) => ({ code: null, params: null, message });

describe("sync-log lines", () => {
  it("say a code with its params in English and Dutch, counts as plurals", () => {
    expect(syncLogText(coded("echo"), "en")).toBe("Our own change (echo).");
    expect(syncLogText(coded("echo"), "nl")).toBe("Onze eigen wijziging (echo).");
    expect(syncLogText(coded("pattern_added", { count: 1 }), "en")).toBe("New pattern: 1 occurrence added");
    expect(syncLogText(coded("pattern_added", { count: 3 }), "nl")).toBe("Nieuw patroon: 3 datums toegevoegd");
    expect(syncLogText(coded("no_room_mapped", { mailbox: "zaal-a@contoso.test" }), "nl")).toBe(
      "Er is geen Roomlink-ruimte gekoppeld aan zaal-a@contoso.test.",
    );
    expect(syncLogText(coded("series_written", { existing: "no", count: 12, removed: 1, separate: 0 }), "en")).toBe(
      "Written as one Outlook series of 12 occurrences; 1 date not booked in Roomlink removed from it.",
    );
  });

  it("say a booking refusal (a room's policy) in the reader's language", () => {
    const reason = { issues: [{ code: "advance_window", params: { room: "Zaal Amstel", days: "90" } }] };
    expect(syncLogText(coded("refused", { reason }), "en")).toBe("Zaal Amstel can be booked at most 90 days ahead");
    expect(syncLogText(coded("refused_time_kept", { reason }), "nl")).toBe(
      "Wijziging geweigerd, oorspronkelijke tijd behouden: Zaal Amstel kan hoogstens 90 dagen vooruit worden geboekt",
    );
  });

  it("say the English rows written before codes in the reader's language; other text shows as stored", () => {
    expect(syncLogText(stored("Our own change (echo)."), "nl")).toBe("Onze eigen wijziging (echo).");
    expect(syncLogText(stored("Zaal Amstel can be booked at most 90 days ahead"), "nl")).toBe(
      "Zaal Amstel kan hoogstens 90 dagen vooruit worden geboekt",
    );
    expect(syncLogText(stored("1 change(s) applied"), "en")).toBe("1 change applied");
    expect(syncLogText(stored("The maximum duration for Zaal B is 1 h 30 min"), "nl")).toBe(
      "De maximale duur voor Zaal B is 1 uur 30 min",
    );
    expect(
      syncLogText(stored("Change refused, original time kept: Zaal B holds 4 people; 9 attendees requested"), "nl"),
    ).toBe(
      "Wijziging geweigerd, oorspronkelijke tijd behouden: Zaal B biedt plaats aan 4 personen; 9 deelnemers gevraagd",
    );
    expect(syncLogText(stored("Weekly sync"), "nl")).toBe("Weekly sync");
    expect(syncLogText({ code: "no_such_code", params: null, message: "as stored" }, "nl")).toBe("as stored");
  });

  it("name directions, actions and outcomes in words", () => {
    const w = syncWords("nl");
    expect([w.direction("inbound"), w.action("create"), w.outcome("rejected")]).toEqual([
      "Uit Outlook",
      "aangemaakt",
      "geweigerd",
    ]);
    expect(w.action("made-up")).toBe("synchronisatiestap");
  });
});

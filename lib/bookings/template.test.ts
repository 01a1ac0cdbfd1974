import { describe, expect, it } from "vitest";
import { renderTemplate, unknownPlaceholders } from "./template";
import { localToUtc } from "./time";

const AMS = "Europe/Amsterdam";
const booking = {
  title: "Kwartaaloverleg",
  startAt: localToUtc("2026-11-24", "10:00", AMS),
  endAt: localToUtc("2026-11-24", "11:30", AMS),
  attendeeCount: 6,
  organizerEmail: "jan@devries.nl",
};
const room = { name: "Zaal Amstel", timeZone: AMS };
const customer = { name: "Jan de Vries", organisation: "De Vries Advies" };

describe("renderTemplate", () => {
  it("fills every placeholder in the room's zone", () => {
    const r = renderTemplate(
      {
        subject: "{{title}} – {{room}}",
        body: "{{date}} {{start}}-{{end}}\n{{customer}} ({{organisation}}), {{organizer}}, {{attendees}} pers., {{ status }}",
      },
      booking,
      room,
      customer,
      { status: { name: "Confirmed", nameNl: "Bevestigd" } },
    );
    expect(r.subject).toBe("Kwartaaloverleg – Zaal Amstel");
    expect(r.body).toBe(
      "Tuesday 24 November 2026 10:00-11:30\nJan de Vries (De Vries Advies), jan@devries.nl, 6 pers., Confirmed",
    );
    expect(r.unknown).toEqual([]);
  });

  it("speaks Dutch when asked and copes without a customer", () => {
    const r = renderTemplate({ subject: "{{customer}} {{title}}", body: "{{date}} {{status}}" }, booking, room, null, {
      locale: "nl",
      status: { name: "Confirmed", nameNl: "Bevestigd" },
    });
    expect(r.subject).toBe("Kwartaaloverleg");
    expect(r.body).toBe("dinsdag 24 november 2026 Bevestigd");
  });

  it("reports unknown placeholders and leaves them visible", () => {
    const r = renderTemplate({ subject: "{{titel}} in {{room}}", body: "{{foo}} {{titel}}" }, booking, room, customer);
    expect(r.unknown).toEqual(["titel", "foo"]);
    expect(r.subject).toBe("{{titel}} in Zaal Amstel");
    expect(unknownPlaceholders("{{ title }} {{room}}")).toEqual([]);
  });

  describe("empty values leave no stray punctuation", () => {
    const seeded =
      "{{title}}\n{{date}}, {{start}}–{{end}} in {{room}}\nKlant: {{customer}} ({{organisation}})\nOrganisator: {{organizer}}\nStatus: {{status}}";
    const noOrganizer = { ...booking, organizerEmail: null };
    const render = (
      tpl: { subject: string; body: string },
      c: { name: string; organisation: string | null } | null,
      b: typeof booking | typeof noOrganizer = booking,
    ) => renderTemplate(tpl, b, room, c, { locale: "nl", status: { name: "Confirmed", nameNl: "Bevestigd" } });

    it("drops a line whose placeholders are all empty, its label included", () => {
      const r = render({ subject: "{{title}}", body: seeded }, null, noOrganizer);
      expect(r.body).toBe("Kwartaaloverleg\ndinsdag 24 november 2026, 10:00–11:30 in Zaal Amstel\nStatus: Bevestigd");
      expect(r.body).not.toMatch(/Klant|\(\s*\)|Organisator/);
    });

    it("removes brackets left empty and keeps the rest of the line", () => {
      const r = render({ subject: "{{title}} ({{organisation}})", body: seeded }, { name: "Jan", organisation: null });
      expect(r.subject).toBe("Kwartaaloverleg");
      expect(r.body.split("\n")[2]).toBe("Klant: Jan");
    });

    it("takes one separator with an empty value, before it or else after it", () => {
      const r = render(
        {
          subject: "{{title}} – {{customer}} – {{room}}",
          body: "{{customer}}, {{organizer}}; {{organisation}}\n[{{customer}}] {{title}}",
        },
        null,
      );
      expect(r.subject).toBe("Kwartaaloverleg – Zaal Amstel");
      expect(r.body).toBe("jan@devries.nl\nKwartaaloverleg");
    });

    it("keeps lines without placeholders, unknown placeholders and indentation as written", () => {
      const r = render({ subject: "{{title}}", body: "Welkom!\n\n  {{customer}} -\n{{foo}}: {{customer}}" }, null);
      expect(r.body).toBe("Welkom!\n\n{{foo}}:");
      const filled = render({ subject: "{{title}}", body: "  {{customer}}  - {{organisation}}" }, customer);
      expect(filled.body).toBe("  Jan de Vries - De Vries Advies");
    });
  });
});

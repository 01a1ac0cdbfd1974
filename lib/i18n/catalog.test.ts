// Every message of every catalogue area parses as ICU and formats in both languages, Dutch uses the
// same arguments as English, and counts read as plurals ("1 room", "2 rooms"; "1 taak", "2 taken").
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it, vi } from "vitest";
import { catalog, translator, type Area } from "./catalog";
import { LOCALES } from "./define";
import { formatMessage } from "./icu";

type Kind = "text" | "number" | "select";

/** Arguments of a message: plural / number arguments need a number, a select its "other" case, the rest any text. */
function argsOf(elements: MessageFormatElement[], out = new Map<string, Kind>()): Map<string, Kind> {
  for (const el of elements) {
    if (el.type === TYPE.argument && !out.has(el.value)) out.set(el.value, "text");
    if (el.type === TYPE.number || el.type === TYPE.plural) out.set(el.value, "number");
    if (el.type === TYPE.date || el.type === TYPE.time) throw new Error(`date argument ${el.value}: pass text`);
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      if (el.type === TYPE.select) out.set(el.value, "select");
      for (const option of Object.values(el.options)) argsOf(option.value, out);
    }
    if (el.type === TYPE.tag) throw new Error(`tag <${el.value}>: messages are plain text`);
  }
  return out;
}

const areas = Object.keys(catalog) as Area[];

describe("message catalogue", () => {
  for (const area of areas) {
    it(`${area}: every message parses and formats in English and Dutch with the same arguments`, () => {
      const en = catalog[area].en as Record<string, string>;
      const problems: string[] = [];
      // The formatter reports a message it could not format on the console (and shows it unformatted).
      const reported = vi.spyOn(console, "error").mockImplementation((m: string) => void problems.push(m));
      for (const locale of LOCALES) {
        const messages = catalog[area][locale] as Record<string, string>;
        expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
        const t = translator(locale, area) as (k: string, p?: Record<string, string | number>) => string;
        for (const [key, message] of Object.entries(messages)) {
          let args: Map<string, Kind>;
          try {
            args = argsOf(parse(message));
          } catch (e) {
            problems.push(`${locale} ${key}: ${(e as Error).message}`);
            continue;
          }
          const enArgs = argsOf(parse(en[key] ?? ""));
          if ([...args.keys()].sort().join() !== [...enArgs.keys()].sort().join())
            problems.push(
              `${locale} ${key}: arguments ${[...args.keys()].join()} differ from English ${[...enArgs.keys()].join()}`,
            );
          const params = Object.fromEntries(
            [...args].map(([k, kind]) => [k, kind === "number" ? 2 : kind === "select" ? "other" : `«${k}»`]),
          );
          const out = t(key, params);
          if (out.includes("plural,")) problems.push(`${locale} ${key}: formatted as ${out}`);
          for (const [k, kind] of args)
            if (kind === "text" && !out.includes(`«${k}»`)) problems.push(`${locale} ${key}: ${k} lost`);
        }
      }
      reported.mockRestore();
      expect(problems).toEqual([]);
    });
  }

  it("keeps literal braces and apostrophes as written", () => {
    const t = translator("en", "integrations");
    expect(t("cfg.templateHint")).toContain("{{title}}, {{room}}, {{customer}}");
    expect(translator("en", "bookings")("flag.subject_replaced", { title: "Jan" })).toContain("organizer's name");
    expect(translator("nl", "common")("nav.calendar")).toBe("Kalender");
  });

  it("says counts as plurals in both languages", () => {
    const msg = "{count, plural, one {# room mapped} other {# rooms mapped}}";
    expect(formatMessage("en", msg, { count: 1 })).toBe("1 room mapped");
    expect(formatMessage("en", msg, { count: 3 })).toBe("3 rooms mapped");
    expect(formatMessage("en", msg, { count: 1200 })).toBe("1,200 rooms mapped");
    const nl = "{count, plural, one {# taak wacht} other {# taken wachten}}";
    expect(formatMessage("nl", nl, { count: 1 })).toBe("1 taak wacht");
    expect(formatMessage("nl", nl, { count: 1200 })).toBe("1.200 taken wachten");
  });

  it("a message whose param is missing still shows, with the params it has", () => {
    expect(formatMessage("en", "{a} and {b}", { a: "x" })).toBe("x and {b}");
  });
});

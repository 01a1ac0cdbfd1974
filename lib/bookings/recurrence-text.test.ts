import { describe, expect, it } from "vitest";
import { describeRule } from "./recurrence-text";

describe("describeRule", () => {
  it("says the pattern in English and Dutch", () => {
    const weekly = { frequency: "weekly" as const, interval: 2, weekdays: [1, 3], until: "2027-01-31" };
    expect(describeRule(weekly)).toBe("Every 2 weeks on Monday and Wednesday, until 31 Jan 2027");
    expect(describeRule(weekly, "nl")).toBe("Elke 2 weken op maandag en woensdag, tot en met 31 jan 2027");
    expect(describeRule({ frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 6 })).toBe(
      "Every month on the last Friday, 6 times",
    );
    expect(
      describeRule({ frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 6 }, "nl"),
    ).toBe("Elke maand op de laatste vrijdag, 6 keer");
    expect(describeRule({ frequency: "daily", interval: 1 })).toBe("Every day, no end date");
    expect(describeRule({ frequency: "monthly", interval: 3, monthDay: 15, count: 4 }, "nl")).toBe(
      "Elke 3 maanden op de 15e, 4 keer",
    );
    // Outlook's day sets: "the last day", "the first weekday", "the second weekend day", or named days.
    expect(
      describeRule({
        frequency: "monthly",
        interval: 1,
        monthWeek: { index: -1, weekday: 1, anyOf: [1, 2, 3, 4, 5, 6, 7] },
      }),
    ).toBe("Every month on the last day, no end date");
    expect(
      describeRule(
        { frequency: "monthly", interval: 1, monthWeek: { index: 1, weekday: 1, anyOf: [1, 2, 3, 4, 5] }, count: 12 },
        "nl",
      ),
    ).toBe("Elke maand op de eerste werkdag, 12 keer");
    expect(
      describeRule({ frequency: "yearly", interval: 1, month: 3, monthWeek: { index: 2, weekday: 6, anyOf: [6, 7] } }),
    ).toBe("Every year on the second weekend day of March, no end date");
    expect(
      describeRule({ frequency: "monthly", interval: 1, monthWeek: { index: 1, weekday: 1, anyOf: [1, 2] } }),
    ).toBe("Every month on the first Monday or Tuesday, no end date");
  });

  it("says yearly patterns in English and Dutch", () => {
    const absolute = { frequency: "yearly" as const, interval: 1, month: 3, monthDay: 14 };
    expect(describeRule(absolute)).toBe("Every year on 14 March, no end date");
    expect(describeRule(absolute, "nl")).toBe("Elk jaar op 14 maart, zonder einddatum");
    const relative = {
      frequency: "yearly" as const,
      interval: 2,
      month: 11,
      monthWeek: { index: -1 as const, weekday: 5 },
      count: 5,
    };
    expect(describeRule(relative)).toBe("Every 2 years on the last Friday of November, 5 times");
    expect(describeRule(relative, "nl")).toBe("Elke 2 jaar op de laatste vrijdag van november, 5 keer");
    expect(
      describeRule({
        frequency: "yearly",
        interval: 1,
        month: 9,
        monthWeek: { index: 1, weekday: 1 },
        until: "2030-12-31",
      }),
    ).toBe("Every year on the first Monday of September, until 31 Dec 2030");
    expect(describeRule({ frequency: "yearly", interval: 3, month: 2, monthDay: 29, until: "2040-03-01" }, "nl")).toBe(
      "Elke 3 jaar op 29 februari (28 februari buiten schrikkeljaren), tot en met 1 mrt 2040",
    );
    expect(describeRule({ frequency: "yearly", interval: 1, month: 2, monthDay: 29 })).toBe(
      "Every year on 29 February (28 February outside leap years), no end date",
    );
    // Day 29–31 falls on the last day of a shorter month, as in Outlook; the text says so.
    expect(describeRule({ frequency: "monthly", interval: 1, monthDay: 31, count: 12 })).toBe(
      "Every month on day 31 (the last day in shorter months), 12 times",
    );
    expect(describeRule({ frequency: "monthly", interval: 2, monthDay: 30 }, "nl")).toBe(
      "Elke 2 maanden op de 30e (de laatste dag in kortere maanden), zonder einddatum",
    );
    expect(describeRule({ frequency: "monthly", interval: 1, monthDay: 28, count: 2 })).toBe(
      "Every month on day 28, 2 times",
    );
  });
});

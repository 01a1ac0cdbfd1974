import { describe, expect, it } from "vitest";
import { describeRule } from "./recurrence-text";

describe("describeRule", () => {
  it("says the pattern in English and Dutch", () => {
    const weekly = { frequency: "weekly" as const, interval: 2, weekdays: [1, 3], until: "2027-01-31" };
    expect(describeRule(weekly)).toBe("Every 2 weeks on Monday and Wednesday, until 31 Jan 2027");
    expect(describeRule(weekly, "nl")).toBe("Elke 2 weken op maandag en woensdag, tot en met 31 jan 2027");
    expect(describeRule({ frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 6 })).toBe("Every month on the last Friday, 6 times");
    expect(describeRule({ frequency: "monthly", interval: 1, monthWeek: { index: -1, weekday: 5 }, count: 6 }, "nl")).toBe("Elke maand op de laatste vrijdag, 6 keer");
    expect(describeRule({ frequency: "daily", interval: 1 })).toBe("Every day, no end date");
    expect(describeRule({ frequency: "monthly", interval: 3, monthDay: 15, count: 4 }, "nl")).toBe("Elke 3 maanden op de 15e, 4 keer");
  });
});

import { describe, expect, it } from "vitest";
import { PRIVATE_TITLE, titleFor } from "./private-title";

describe("private meeting titles", () => {
  it("show in the reader's language, and only for bookings Roomlink stored as private", () => {
    const priv = { title: PRIVATE_TITLE, flags: ["private"] };
    expect(titleFor(priv, "en")).toBe("Private meeting");
    expect(titleFor(priv, "nl")).toBe("Privé-afspraak");
    // The admin opted in (subject kept), or someone really named a meeting so: left as it is.
    expect(titleFor({ title: "Board review", flags: ["private"] }, "nl")).toBe("Board review");
    expect(titleFor({ title: PRIVATE_TITLE, flags: [] }, "nl")).toBe(PRIVATE_TITLE);
  });
});

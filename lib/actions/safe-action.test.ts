// What a form sees when an action fails: every expected failure with its field(s), in the user's
// language for the booking core's errors, and a reference (never the raw error) for anything else.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";

// next/headers is Next's request scope (not ours): here it hands over the locale cookie a browser would send.
const jar = vi.hoisted(() => ({ cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  cookies: () =>
    Promise.resolve({
      get: (n: string) => {
        const value = jar.cookies.get(n);
        return value === undefined ? undefined : { name: n, value };
      },
    }),
  headers: () => Promise.resolve(new Headers()),
}));
// Who is signed in is the session module's business (tested in lib/auth): here it is whoever the test says.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; name: string; email: string; role: "admin" | "viewer" },
}));
vi.mock("@/lib/auth/session", async (importActual) => ({
  ...(await importActual<typeof import("@/lib/auth/session")>()),
  currentUser: () => Promise.resolve(session.user),
}));

import { BookingError } from "@/lib/bookings/errors";
import { LOCALE_COOKIE } from "@/lib/i18n/define";
import { IntegrationError } from "@/lib/graph/errors";
import { action, catalogMessage, UserFacingError } from "./safe-action";

const admin = { id: "u-1", name: "Anna", email: "anna@x.test", role: "admin" as const };
const schema = z.object({ n: z.number() });

describe("action()", () => {
  beforeEach(() => {
    session.user = admin;
    jar.cookies.clear();
  });

  it("returns the result, or the zod issues by field", async () => {
    const double = action({ role: "admin", schema }, ({ n }) => Promise.resolve(n * 2));
    expect(await double({ n: 2 })).toEqual({ ok: true, data: 4 });
    const bad = await double({ n: "two" } as unknown as { n: number });
    expect(bad).toMatchObject({ ok: false, message: "Some fields need attention." });
    expect(bad.ok === false && Object.keys(bad.fieldErrors ?? {})).toEqual(["n"]);
  });

  it("refuses without a session, and a viewer on an admin action", async () => {
    const run = vi.fn(() => Promise.resolve(1));
    session.user = null;
    expect(await action({ role: "viewer", schema }, run)({ n: 1 })).toEqual({
      ok: false,
      message: "Your session has ended. Sign in again.",
    });
    session.user = { ...admin, role: "viewer" };
    expect(await action({ role: "admin", schema }, run)({ n: 1 })).toEqual({
      ok: false,
      message: "Your role does not allow this change. Ask an administrator.",
    });
    expect(run).not.toHaveBeenCalled();
  });

  it("puts every BookingError issue on its field, in the user's language", async () => {
    const refuse = action({ role: "admin", schema }, () =>
      Promise.reject(
        new BookingError([
          { code: "min_lead", field: "startTime", params: { room: "Zaal A", leadMinutes: 120 } },
          { code: "advance_window", field: "startTime", params: { room: "Zaal A", days: 90 } },
          { code: "capacity", field: "attendeeCount", params: { room: "Zaal A", capacity: 8, attendees: 12 } },
        ]),
      ),
    );
    expect(await refuse({ n: 1 })).toEqual({
      ok: false,
      message:
        "Bookings for Zaal A must be made at least 2 h ahead; Zaal A can be booked at most 90 days ahead; Zaal A holds 8 people; 12 attendees requested",
      fieldErrors: {
        startTime: "Bookings for Zaal A must be made at least 2 h ahead; Zaal A can be booked at most 90 days ahead",
        attendeeCount: "Zaal A holds 8 people; 12 attendees requested",
      },
    });
    jar.cookies.set(LOCALE_COOKIE, "nl");
    const nl = await refuse({ n: 1 });
    expect(nl.ok === false && nl.fieldErrors?.attendeeCount).toBe(
      "Zaal A biedt plaats aan 8 personen; 12 deelnemers gevraagd",
    );
  });

  it("shows a UserFacingError on its field, and anything else only as a reference", async () => {
    const facing = action({ role: "admin", schema }, () =>
      Promise.reject(new UserFacingError("Pick another name", "name")),
    );
    expect(await facing({ n: 1 })).toEqual({
      ok: false,
      message: "Pick another name",
      fieldErrors: { name: "Pick another name" },
    });
    const broken = await action({ role: "admin", schema }, () =>
      Promise.reject(new Error('relation "bookings" does not exist')),
    )({ n: 1 });
    expect(broken.ok).toBe(false);
    expect(broken.ok === false && broken.ref).toMatch(/^[0-9a-f]{8}$/);
    expect(broken.ok === false && broken.message).not.toContain("relation");
  });

  it("says an expected failure in the reader's language: a catalogue message on its field, an integration failure by its advice", async () => {
    const secret = action({ role: "admin", schema }, () =>
      Promise.reject(new UserFacingError(catalogMessage("integrations", "err.secretRequired"), "clientSecret")),
    );
    expect(await secret({ n: 1 })).toEqual({
      ok: false,
      message: "Enter the client secret's Value (Certificates & secrets in Azure).",
      fieldErrors: { clientSecret: "Enter the client secret's Value (Certificates & secrets in Azure)." },
    });
    const unmapped = action({ role: "admin", schema }, () =>
      Promise.reject(new IntegrationError("no_rooms_mapped", "Map at least one room mailbox first (Inbound screen).")),
    );
    const en = await unmapped({ n: 1 });
    expect(en.ok === false && en.message).toMatch(/^No room mailbox is mapped/);
    jar.cookies.set(LOCALE_COOKIE, "nl");
    expect(await secret({ n: 1 })).toMatchObject({
      message: "Vul de Waarde van het clientgeheim in (Certificaten en geheimen in Azure).",
    });
    const nl = await unmapped({ n: 1 });
    expect(nl.ok === false && nl.message).toMatch(/^Er is nog geen zaalmailbox gekoppeld/);
    expect(nl.ok === false && nl.message).not.toMatch(/unexpected|onverwachte/);
    session.user = null;
    expect(await secret({ n: 1 })).toEqual({ ok: false, message: "Je sessie is verlopen. Meld je opnieuw aan." });
  });
});

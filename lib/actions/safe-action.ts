// The one wrapper every server action goes through: session, role, zod input, and errors the user
// can act on. Expected failures reach the form with their fields: a BookingError (the booking core's,
// possibly several fields at once) in the user's language, a UserFacingError (and errors marked
// `userFacing`) with its one field. Anything else becomes a generic message plus a log line with a
// correlation id.
import { randomUUID } from "node:crypto";
import { type z } from "zod";
import { log } from "@/lib/log";
import { currentUser, ForbiddenError, NotSignedInError, type SessionUser } from "@/lib/auth/session";
import { isBookingError, type BookingError } from "@/lib/bookings/errors";
import { getLocale } from "@/lib/i18n/server";
import type { Locale } from "@/lib/i18n/define";

/** An error whose message is meant for the person using the screen. */
export class UserFacingError extends Error {
  override name = "UserFacingError";
  constructor(
    message: string,
    readonly field?: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ActionFailure = { ok: false; message: string; fieldErrors?: Record<string, string>; ref?: string };
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

type Role = "admin" | "viewer";

export function action<S extends z.ZodType, T>(
  opts: { role: Role; schema: S },
  run: (input: z.output<S>, ctx: { user: SessionUser }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const user = await currentUser();
      if (!user) throw new NotSignedInError();
      if (opts.role === "admin" && user.role !== "admin") throw new ForbiddenError();
      const parsed = opts.schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
        return { ok: false, message: "Some fields need attention.", fieldErrors };
      }
      return { ok: true, data: await run(parsed.data, { user }) };
    } catch (e) {
      if (e instanceof NotSignedInError || e instanceof ForbiddenError) return { ok: false, message: e.message };
      if (isBookingError(e)) {
        try {
          return bookingFailure(e, await getLocale());
        } catch (localeError) {
          return unexpected(localeError);
        }
      }
      if (e instanceof UserFacingError || (e instanceof Error && (e as { userFacing?: boolean }).userFacing)) {
        const field = (e as { field?: string }).field;
        return { ok: false, message: e.message, fieldErrors: field ? { [field]: e.message } : undefined };
      }
      return unexpected(e);
    }
  };
}

/** A BookingError for the form: every issue on its field (a lead-time and a conflict message can both concern the start). */
function bookingFailure(e: BookingError, locale: Locale): ActionFailure {
  const fieldErrors: Record<string, string> = {};
  for (const i of e.issues) {
    const text = locale === "nl" ? i.messageNl : i.message;
    const before = fieldErrors[i.field];
    fieldErrors[i.field] = before ? `${before}; ${text}` : text;
  }
  return { ok: false, message: locale === "nl" ? e.messageNl : e.message, fieldErrors };
}

function unexpected(e: unknown): ActionFailure {
  const ref = randomUUID().slice(0, 8);
  log.error({ err: e, ref }, "server action failed");
  return {
    ok: false,
    message: `Something went wrong (reference ${ref}). Try again; if it keeps happening, send the reference to support.`,
    ref,
  };
}

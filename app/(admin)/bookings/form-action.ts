// Wraps `action()` so a BookingError (the booking core's expected failure, possibly several
// fields at once) reaches the form as field errors in the user's language.
import type { z } from "zod";
import { action, type ActionResult } from "@/lib/actions/safe-action";
import type { SessionUser } from "@/lib/auth/session";
import { isBookingError } from "@/lib/bookings/service";
import { getLocale } from "@/lib/i18n/server";

const REJECTED = Symbol("rejected");
type Rejected = { [REJECTED]: true; message: string; fieldErrors: Record<string, string> };

export function formAction<S extends z.ZodType, T>(
  opts: { role: "admin" | "viewer"; schema: S },
  run: (input: z.output<S>, ctx: { user: SessionUser }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  const inner = action(opts, async (input, ctx): Promise<T | Rejected> => {
    try {
      return await run(input, ctx);
    } catch (e) {
      if (!isBookingError(e)) throw e;
      const locale = await getLocale();
      // Every issue on its field (a lead-time and a conflict message can both concern the start).
      const fieldErrors: Record<string, string> = {};
      for (const i of e.issues) {
        const text = locale === "nl" ? i.messageNl : i.message;
        fieldErrors[i.field] = fieldErrors[i.field] ? `${fieldErrors[i.field]}; ${text}` : text;
      }
      return { [REJECTED]: true, message: locale === "nl" ? e.messageNl : e.message, fieldErrors };
    }
  });
  return async (input) => {
    const r = await inner(input);
    if (r.ok && r.data && typeof r.data === "object" && REJECTED in r.data) {
      const rej = r.data;
      return { ok: false, message: rej.message, fieldErrors: rej.fieldErrors };
    }
    return r as ActionResult<T>;
  };
}

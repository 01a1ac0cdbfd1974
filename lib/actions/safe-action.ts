// The one wrapper every server action goes through: session, role, zod input, and errors the user
// can act on. Expected failures (UserFacingError and subclasses) reach the form with their field;
// anything else becomes a generic message plus a log line with a correlation id.
import { randomUUID } from "node:crypto";
import { type z } from "zod";
import { log } from "@/lib/log";
import { currentUser, ForbiddenError, NotSignedInError, type SessionUser } from "@/lib/auth/session";

/** An error whose message is meant for the person using the screen. */
export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; message: string; fieldErrors?: Record<string, string>; ref?: string };

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
      if (e instanceof UserFacingError || (e instanceof Error && (e as { userFacing?: boolean }).userFacing)) {
        const field = (e as { field?: string }).field;
        return { ok: false, message: e.message, fieldErrors: field ? { [field]: e.message } : undefined };
      }
      const ref = randomUUID().slice(0, 8);
      log.error({ err: e, ref }, "server action failed");
      return {
        ok: false,
        message: `Something went wrong (reference ${ref}). Try again; if it keeps happening, send the reference to support.`,
        ref,
      };
    }
  };
}

// The one wrapper every server action goes through: session, role, zod input, and errors the user
// can act on. Expected failures reach the form with their fields: a BookingError (the booking core's,
// possibly several fields at once) in the user's language, a UserFacingError (and errors marked
// `userFacing`) with its one field, translated when it names a catalogue message (and an
// IntegrationError by its advice code). Anything else becomes a generic message plus a log line with a
// correlation id.
import { randomUUID } from "node:crypto";
import { type z } from "zod";
import { log } from "@/lib/log";
import { currentUser, ForbiddenError, NotSignedInError, type SessionUser } from "@/lib/auth/session";
import { isBookingError, type BookingError } from "@/lib/bookings/errors";
import { getLocale } from "@/lib/i18n/server";
import type { Locale } from "@/lib/i18n/define";
import { translator, type Area, type MessageKey } from "@/lib/i18n/catalog";

/** A message of the catalogue, rendered in the reader's language when the action answers. */
export interface CatalogMessage {
  area: Area;
  key: string;
  params?: Record<string, string | number>;
}

/** A catalogue message (the key is checked against its area at compile time). */
export function catalogMessage<A extends Area>(
  area: A,
  key: MessageKey<A>,
  params?: Record<string, string | number>,
): CatalogMessage {
  return { area, key, params };
}

/** An error whose message is meant for the person using the screen (plain text, or a catalogue message). */
export class UserFacingError extends Error {
  override name = "UserFacingError";
  readonly localized?: CatalogMessage;
  constructor(
    message: string | CatalogMessage,
    readonly field?: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(typeof message === "string" ? message : renderMessage(message, "en"), options);
    if (typeof message !== "string") this.localized = message;
  }
}

function renderMessage(m: CatalogMessage, locale: Locale): string {
  return translator(locale, m.area)(m.key as never, m.params);
}

/** The text of an expected failure in the reader's language: a catalogue message, an advice code, or as raised. */
function facingText(e: Error, locale: Locale): string {
  if (e instanceof UserFacingError && e.localized) return renderMessage(e.localized, locale);
  const advice = (e as { advice?: unknown }).advice;
  if (typeof advice === "string" && advice !== "unknown") {
    const key = `advice.${advice}`;
    const text = translator(locale, "integrations")(key as MessageKey<"integrations">);
    if (text !== key) return text;
  }
  return e.message;
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
        return { ok: false, message: await common("common.fieldsNeedAttention"), fieldErrors };
      }
      return { ok: true, data: await run(parsed.data, { user }) };
    } catch (e) {
      try {
        if (e instanceof NotSignedInError) return { ok: false, message: await common("common.sessionEnded") };
        if (e instanceof ForbiddenError) return { ok: false, message: await common("common.forbiddenAskAdmin") };
        if (isBookingError(e)) return bookingFailure(e, await getLocale());
        if (e instanceof UserFacingError || (e instanceof Error && (e as { userFacing?: boolean }).userFacing)) {
          const field = (e as { field?: string }).field;
          const text = facingText(e, await getLocale());
          return { ok: false, message: text, fieldErrors: field ? { [field]: text } : undefined };
        }
      } catch (localeError) {
        return unexpected(localeError);
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

async function common(key: MessageKey<"common">, params?: Record<string, string | number>): Promise<string> {
  return translator(await getLocale(), "common")(key, params);
}

async function unexpected(e: unknown): Promise<ActionFailure> {
  const ref = randomUUID().slice(0, 8);
  log.error({ err: e, ref }, "server action failed");
  let locale: Locale = "en";
  try {
    locale = await getLocale();
  } catch {
    // outside a request (tests, scripts): English
  }
  return { ok: false, message: translator(locale, "common")("common.unexpectedError", { ref }), ref };
}

// The admin forms' zod schemas (rooms, policies, customers, statuses, templates), one factory per
// entity and language: the client uses them with zodResolver, the services parse with them.
// Client-safe: imports nothing that touches the database or the logger.
import { z } from "zod";
import { msg, type Locale } from "../messages";
import { TEMPLATE_PLACEHOLDERS, unknownPlaceholders } from "../template";
import { isValidZone } from "../time";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export function makeRoomSchema(locale: Locale = "en") {
  const m = msg(locale);
  return z
    .object({
      name: z
        .string()
        .trim()
        .min(1, m("required"))
        .max(100, m("too_long", { max: 100 })),
      capacity: z.coerce
        .number()
        .int(m("number_range", { min: 1, max: 10000 }))
        .min(1, m("number_range", { min: 1, max: 10000 }))
        .max(10_000, m("number_range", { min: 1, max: 10000 })),
      timeZone: z.string().refine(isValidZone, m("zone_unknown")).default("Europe/Amsterdam"),
      bookableFrom: z.string().regex(HHMM, m("time_format")).default("07:00"),
      bookableUntil: z.string().regex(HHMM, m("time_format")).default("22:00"),
      building: z
        .string()
        .trim()
        .max(100, m("too_long", { max: 100 }))
        .optional()
        .nullable(),
      active: z.boolean().default(true),
    })
    .refine((r) => r.bookableUntil > r.bookableFrom, { path: ["bookableUntil"], message: m("after_opening") });
}

export function makePolicySchema(locale: Locale = "en") {
  const m = msg(locale);
  const minutes = (max: number) =>
    z
      .union([
        z.coerce
          .number()
          .int(m("number_range", { min: 1, max }))
          .min(1, m("number_range", { min: 1, max }))
          .max(max, m("number_range", { min: 1, max })),
        z.literal(""),
        z.null(),
      ])
      .optional()
      .transform((v) => (v === "" || v === undefined ? null : v));
  return z.object({
    maxDurationMinutes: minutes(100_000),
    minLeadMinutes: minutes(100_000),
    advanceDays: minutes(3650),
    enforceCapacity: z.boolean().default(true),
    requiresApproval: z.boolean().default(false),
  });
}

export function makeCustomerSchema(locale: Locale = "en") {
  const m = msg(locale);
  return z.object({
    name: z
      .string()
      .trim()
      .min(1, m("required"))
      .max(200, m("too_long", { max: 200 })),
    email: z.email(m("invalid_email")),
    organisation: z
      .string()
      .trim()
      .max(200, m("too_long", { max: 200 }))
      .optional()
      .nullable()
      .transform((v) => v || null),
  });
}

export function makeStatusSchema(locale: Locale = "en") {
  const m = msg(locale);
  return z
    .object({
      key: z
        .string()
        .trim()
        .regex(/^[a-z][a-z0-9_-]{0,39}$/, m("status_key_format")),
      name: z
        .string()
        .trim()
        .min(1, m("required"))
        .max(60, m("too_long", { max: 60 })),
      nameNl: z
        .string()
        .trim()
        .max(60, m("too_long", { max: 60 }))
        .optional()
        .nullable()
        .transform((v) => v || null),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, m("colour_format"))
        .default("#64748b"),
      blocksRoom: z.boolean().default(true),
      isCancelled: z.boolean().default(false),
      needsApproval: z.boolean().default(false),
      isRejected: z.boolean().default(false),
      sortOrder: z.coerce.number().int().default(0),
    })
    .refine((s) => !((s.isCancelled || s.isRejected) && s.blocksRoom), {
      path: ["blocksRoom"],
      message: m("free_status_cannot_block"),
    });
}

export function makeTemplateSchema(locale: Locale = "en") {
  const m = msg(locale);
  const knownOnly = (text: string, ctx: z.RefinementCtx) => {
    const unknown = unknownPlaceholders(text);
    if (!unknown.length) return;
    ctx.addIssue({
      code: "custom",
      message: m("unknown_placeholders", {
        names: unknown.map((n) => `{{${n}}}`).join(", "),
        known: TEMPLATE_PLACEHOLDERS.map((n) => `{{${n}}}`).join(" "),
      }),
    });
  };
  return z.object({
    name: z
      .string()
      .trim()
      .min(1, m("required"))
      .max(100, m("too_long", { max: 100 })),
    subject: z
      .string()
      .trim()
      .min(1, m("required"))
      .max(255, m("too_long", { max: 255 }))
      .superRefine(knownOnly),
    body: z
      .string()
      .max(20_000, m("too_long", { max: 20000 }))
      .default("")
      .superRefine(knownOnly),
  });
}

export type RoomInput = z.input<ReturnType<typeof makeRoomSchema>>;
export type PolicyInput = z.input<ReturnType<typeof makePolicySchema>>;
export type CustomerInput = z.input<ReturnType<typeof makeCustomerSchema>>;
export type StatusInput = z.input<ReturnType<typeof makeStatusSchema>>;
export type TemplateInput = z.input<ReturnType<typeof makeTemplateSchema>>;

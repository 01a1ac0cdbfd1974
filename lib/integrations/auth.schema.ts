// The authentication form (seed 000 §2.1), shared by the client form (zodResolver) and the action.
// Messages are i18n keys of the `integrations` area; the form translates them.
import { z } from "zod";

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A verified domain such as contoso.onmicrosoft.com or klant.nl.
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const authSchema = z.object({
  id: z.string().uuid(),
  name: z.string().trim().min(1, "err.required").max(80, "err.tooLong"),
  cloud: z.enum(["public", "usgov", "china", "sandbox"]),
  mode: z.enum(["delegated", "application"]),
  tenantId: z
    .string()
    .trim()
    .min(1, "err.required")
    .refine((v) => GUID.test(v) || DOMAIN.test(v), "err.tenantFormat"),
  clientId: z.string().trim().min(1, "err.required").regex(GUID, "err.guidFormat"),
  /** Write-only: empty keeps the stored secret. */
  clientSecret: z
    .string()
    .max(200, "err.tooLong")
    .refine((v) => v === "" || !GUID.test(v.trim()), "err.secretLooksLikeId")
    .default(""),
  /** yyyy-mm-dd, or empty for unknown. */
  clientSecretExpiresOn: z
    .union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "err.dateFormat")])
    .default(""),
});

export type AuthInput = z.input<typeof authSchema>;
export type AuthValues = z.output<typeof authSchema>;

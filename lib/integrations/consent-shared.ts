// What Step 1 (consent) and Step 2 (connect) share: the sealing purposes of the OAuth state's code and
// PKCE verifier, the permission Roomlink needs, and the check that the credentials are saved at all.
import type { Integration } from "@/db/schema";
import { IntegrationError } from "@/lib/graph/errors";

export const codePurpose = (state: string) => `oauth-state:${state}:code`;
export const verifierPurpose = (state: string) => `oauth-state:${state}:verifier`;
export const REQUIRED_PERMISSION = "Calendars.ReadWrite";

/** Delegated permissions in an access token's claims: `scp`, one space-separated string. */
export function scopesOf(claims: Record<string, unknown>): string[] {
  return typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [];
}

/** Application permissions in an access token's claims: `roles`, an array of names. */
export function rolesOf(claims: Record<string, unknown>): string[] {
  return Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
}

/** The saved credentials both steps need; not all saved yet: an IntegrationError with advice. */
export function ready(i: Integration): { tenantId: string; clientId: string; clientSecretSealed: string } {
  const { tenantId, clientId, clientSecretSealed } = i;
  if (!tenantId || !clientId || !clientSecretSealed) {
    throw new IntegrationError("not_connected", "Save tenant ID, client ID and client secret first.");
  }
  return { tenantId, clientId, clientSecretSealed };
}

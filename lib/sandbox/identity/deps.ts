// What the identity routes share: the directory, the signing keys, and the in-memory grant stores
// (authorization codes live ~10 minutes and are never persisted, like Microsoft's).
import type { Logger } from "@/lib/log";
import type { DirectoryInternals } from "../directory";
import type { SigningKeys } from "./tokens";

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  graphScopes: string[];
  oidcScopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  nonce?: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface IdentityDeps {
  directory: DirectoryInternals;
  keys: SigningKeys;
  log: Logger;
  codes: Map<string, AuthCode>;
  /** Hashes of refresh tokens already exchanged (rotated out), with when. */
  rotated: Map<string, number>;
}

export const CODE_LIFETIME_MS = 10 * 60_000;

export function pruneCodes(deps: IdentityDeps): void {
  const now = Date.now();
  for (const [k, v] of deps.codes) if (v.expiresAt < now - CODE_LIFETIME_MS) deps.codes.delete(k);
  for (const [k, at] of deps.rotated) if (at < now - 86_400_000) deps.rotated.delete(k);
}

// Password hashing for admin sign-in: bcrypt (cost 12), constant-time compare inside bcryptjs.
import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

const COST = 12;

export function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, COST);
}

export function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

// An unknown address is compared against this hash of a random password (same cost), so it takes
// as long as a wrong password for a real account and the timing does not tell who has an account.
// https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-responses
let dummy: Promise<string> | undefined;

/** Compare against the user's hash, or the dummy one when there is no user; false for the latter. */
export async function verifyPasswordOrDummy(plain: string, hash: string | null | undefined): Promise<boolean> {
  if (hash) return verifyPassword(plain, hash);
  dummy ??= hashPassword(randomBytes(24).toString("base64url"));
  await verifyPassword(plain, await dummy);
  return false;
}

/** Start-up: have the dummy hash ready before the first unknown address arrives. */
export function warmDummyHash(): void {
  dummy ??= hashPassword(randomBytes(24).toString("base64url"));
}

// Who is calling: for pages (redirect to sign-in) and for actions (typed errors the UI shows).
// The session token says who signed in; the user's current row says what they may do now: role,
// active flag and session version are read from it once per request (React's cache() scopes the
// lookup to one server request), so a demotion or deactivation takes effect at the next click.
import { cache } from "react";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { log } from "@/lib/log";
import { SESSION_COOKIE } from "./cookies";
import { authSecret } from "./secret";

export type SessionUser = { id: string; name: string; email: string; role: "admin" | "viewer" };

export class NotSignedInError extends Error {
  override name = "NotSignedInError";
  constructor(options?: { cause?: unknown }) {
    super("Your session has ended. Sign in again.", options);
  }
}
export class ForbiddenError extends Error {
  override name = "ForbiddenError";
  constructor(message = "Your role does not allow this change. Ask an administrator.", options?: { cause?: unknown }) {
    super(message, options);
  }
}

type Claim = { id: string; role: string; sv: number };

/**
 * The row behind a session claim, or null when the session no longer holds: the account is gone
 * or deactivated, or its session version moved on (demotion, deactivation, "sign out everywhere"),
 * or its role is no longer the one signed in with (also a demotion written straight to the table).
 */
export async function userForClaim(claim: Claim): Promise<SessionUser | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      active: users.active,
      sv: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.id, claim.id));
  if (!row || !row.active || row.sv !== claim.sv || row.role !== claim.role) {
    log.info(
      { userId: claim.id, found: Boolean(row), active: row?.active },
      "session no longer valid for this account",
    );
    return null;
  }
  return { id: row.id, name: row.name, email: row.email, role: row.role };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session token's claim, decoded as next-auth does (same secret, same cookie). */
async function sessionClaim(): Promise<Claim | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const jwt = await decode({ token, secret: authSecret() }).catch(() => null);
  const id = jwt?.uid;
  if (typeof id !== "string" || !UUID.test(id) || typeof jwt?.role !== "string") return null;
  return { id, role: jwt.role, sv: typeof jwt.sv === "number" ? jwt.sv : -1 };
}

export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const claim = await sessionClaim();
  return claim ? userForClaim(claim) : null;
});

/** Pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const u = await currentUser();
  if (!u) redirect("/login");
  return u;
}

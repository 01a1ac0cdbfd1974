// Changes to an admin account that must end the sessions it holds: the session version in every
// token is compared with the row on each request (lib/auth/session.ts), so bumping it signs the
// account out everywhere at its next request.
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";

const bump = { sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() };

export async function setUserRole(userId: string, role: "admin" | "viewer"): Promise<void> {
  const db = await getDb();
  await db
    .update(users)
    .set({ role, ...bump })
    .where(eq(users.id, userId));
}

export async function setUserActive(userId: string, active: boolean): Promise<void> {
  const db = await getDb();
  await db
    .update(users)
    .set({ active, ...bump })
    .where(eq(users.id, userId));
}

/** "Sign out everywhere" (also after a password change). */
export async function endSessions(userId: string): Promise<void> {
  const db = await getDb();
  await db.update(users).set(bump).where(eq(users.id, userId));
}

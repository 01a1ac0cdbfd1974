// Who is calling: for pages (redirect to sign-in) and for actions (typed errors the UI shows).
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "./options";

export type SessionUser = { id: string; name: string; email: string; role: "admin" | "viewer" };

export class NotSignedInError extends Error {
  constructor() {
    super("Your session has ended. Sign in again.");
  }
}
export class ForbiddenError extends Error {
  constructor(message = "Your role does not allow this change. Ask an administrator.") {
    super(message);
  }
}

export async function currentUser(): Promise<SessionUser | null> {
  const s = await getServerSession(authOptions());
  if (!s?.user?.id) return null;
  return { id: s.user.id, name: s.user.name ?? "", email: s.user.email ?? "", role: s.user.role };
}

/** Pages: the signed-in user, or a redirect to the sign-in page. */
export async function requireUser(): Promise<SessionUser> {
  const u = await currentUser();
  if (!u) redirect("/login");
  return u;
}

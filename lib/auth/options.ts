// next-auth configuration: e-mail + password against the users table, JWT sessions carrying the
// user's id, role and session version. The token is only a claim: lib/auth/session.ts re-reads the
// user's row on every request, so a demoted or deactivated admin loses access at once.
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { authSecret } from "./secret";
import { verifyPasswordOrDummy, warmDummyHash } from "./password";
import { safeCallbackPath } from "./redirect";
import { sessionCookies } from "./cookies";
import { assertNotThrottled, clientIp, recordFailure, recordSuccess } from "./throttle";
import { SIGN_IN_UNAVAILABLE, SignInThrottledError } from "./throttle-message";

const credentials = z.object({ email: z.string().trim().email().max(320), password: z.string().min(1).max(200) });

export interface AuthorizeRequest {
  headers?: Record<string, string | string[] | undefined> | Headers;
}

/** The credentials check, exported for the sign-in tests (next-auth calls it with the request). */
export async function authorizeCredentials(raw: unknown, req: AuthorizeRequest | undefined) {
  const parsed = credentials.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const db = await getDb();
  const ip = clientIp(req?.headers);
  await assertNotThrottled(db, email, ip);
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  // Unknown address: the dummy hash, so this takes as long as a wrong password for a real account.
  const passwordOk = await verifyPasswordOrDummy(password, user?.passwordHash);
  if (!user || !passwordOk || !user.active) {
    // The e-mail is the attacker's input; log only whether the account exists, never the password.
    log.info({ knownAccount: Boolean(user), active: user?.active }, "sign-in refused");
    try {
      await recordFailure(db, email, ip);
    } catch (e) {
      if (e instanceof SignInThrottledError) log.warn({ retryAt: e.retryAt.toISOString() }, "sign-in throttled");
      throw e;
    }
    return null;
  }
  await recordSuccess(db, email);
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

export function authOptions(opts: { secure?: boolean } = {}): NextAuthOptions {
  // next-auth v4 builds its own URLs from NEXTAUTH_URL and falls back to http://localhost:3000,
  // which breaks sign-out on any other port or behind a proxy: hand it our configured base URL.
  process.env.NEXTAUTH_URL ??= env.baseUrl;
  warmDummyHash();
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    cookies: sessionCookies(opts.secure ?? env.baseUrl.startsWith("https:")),
    providers: [
      CredentialsProvider({
        name: "E-mail",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        // next-auth sends a thrown error's message to the browser: only ours, never a database error's.
        authorize: (raw, req) =>
          authorizeCredentials(raw, req as AuthorizeRequest).catch((e: unknown) => {
            if (e instanceof SignInThrottledError) throw e;
            const ref = randomUUID().slice(0, 8);
            log.error({ err: e, ref }, "sign-in failed unexpectedly");
            throw new Error(SIGN_IN_UNAVAILABLE);
          }),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = (user as { role?: string }).role ?? "viewer";
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = token.uid as string;
          session.user.role = (token.role as "admin" | "viewer") ?? "viewer";
          session.user.sv = typeof token.sv === "number" ? token.sv : -1;
        }
        return session;
      },
      // next-auth's own check accepts any URL starting with "/" — including "/\evil.example".
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl, "/"), baseUrl).toString();
      },
    },
  };
}

// next-auth configuration: e-mail + password against the users table, JWT sessions carrying the
// user's id and role so every server action can check the role without a database round trip.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { authSecret } from "./secret";
import { verifyPassword } from "./password";

const credentials = z.object({ email: z.string().trim().email(), password: z.string().min(1) });

export function authOptions(): NextAuthOptions {
  // next-auth v4 builds its own URLs from NEXTAUTH_URL and falls back to http://localhost:3000,
  // which breaks sign-out on any other port or behind a proxy: hand it our configured base URL.
  process.env.NEXTAUTH_URL ??= env.baseUrl;
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "E-mail",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const db = await getDb();
          const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, parsed.data.email.toLowerCase()));
          if (!user || !(await verifyPassword(parsed.data.password, user.passwordHash))) {
            log.info({ email: parsed.data.email }, "sign-in refused");
            return null;
          }
          await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
          return { id: user.id, email: user.email, name: user.name, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = (user as { role?: string }).role ?? "viewer";
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = token.uid as string;
          session.user.role = (token.role as "admin" | "viewer") ?? "viewer";
        }
        return session;
      },
    },
  };
}

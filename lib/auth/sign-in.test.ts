// Sign-in as an attacker tries it: open-redirect callback values, password guessing (per account,
// per IP, across app processes), timing that would tell who has an account; and sessions that
// must end when the account is demoted or deactivated — on every test database kind.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";

// next/headers is Next's request scope (not ours): here it hands over the cookie a browser would send.
const jar = vi.hoisted(() => ({ cookies: new Map<string, string>(), headers: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  cookies: () =>
    Promise.resolve({
      get: (n: string) => {
        const value = jar.cookies.get(n);
        return value === undefined ? undefined : { name: n, value };
      },
      getAll: () => [...jar.cookies].map(([name, value]) => ({ name, value })),
    }),
  headers: () => Promise.resolve(new Headers([...jar.headers])),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { encode } from "next-auth/jwt";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { openServer } from "@/db/client";
import { must } from "@/lib/invariant";
import { rowsOf } from "@/lib/jobs/queue";
import { customers, users } from "@/db/schema";
import { authOptions, authorizeCredentials } from "./options";
import { hashPassword } from "./password";
import { safeCallbackPath } from "./redirect";
import { currentUser } from "./session";
import { ACCOUNT_LIMIT, IP_LIMIT, recordFailure } from "./throttle";
import { SignInThrottledError } from "./throttle-message";
import { authSecret } from "./secret";
import { SESSION_COOKIE } from "./cookies";
import { setUserActive, setUserRole } from "./users";
import { saveCustomerAction } from "@/app/(admin)/customers/actions";

const BASE = "http://localhost:3000";

describe("callbackUrl after sign-in", () => {
  const hostile = [
    "/\\evil.example/x",
    "/\\\\evil.example",
    "/\n/evil.example/x",
    "/\t/evil.example/x",
    "/\r/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "HTTPS://evil.example/",
    "javascript:alert(1)",
    "data:text/html,x",
    " //evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%09/evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "http://localhost:3000@evil.example/",
    "https://localhost:3000/x",
    "",
    "a".repeat(5000),
  ];
  it.each(hostile)("keeps %j on our origin", (value) => {
    const path = safeCallbackPath(value, BASE);
    // What a browser does with the result: it must stay on Roomlink.
    expect(new URL(path, BASE).origin).toBe(BASE);
    expect(path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\")).toBe(true);
  });
  it("keeps same-origin paths with their query and hash", () => {
    expect(safeCallbackPath("/bookings/1?view=week#top", BASE)).toBe("/bookings/1?view=week#top");
    expect(safeCallbackPath(`${BASE}/rooms`, BASE)).toBe("/rooms");
    expect(safeCallbackPath("/\\evil.example", BASE)).toBe("/calendar");
  });
  it("next-auth's redirect callback sends a hostile value home", async () => {
    const redirect = must(authOptions().callbacks?.redirect, "next-auth redirect callback");
    for (const url of ["/\\evil.example/x", "https://evil.example", "/\t/evil.example"]) {
      expect(new URL(await redirect({ url, baseUrl: BASE })).origin).toBe(BASE);
    }
    expect(await redirect({ url: "/rooms?x=1", baseUrl: BASE })).toBe(`${BASE}/rooms?x=1`);
  });
});

describe.each(testDbKinds)("sign-in and sessions (%s)", (kind) => {
  let t: TestDb;
  let hash: string;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
    hash = await hashPassword("right-password");
  });
  afterAll(async () => {
    await t.close();
  });

  const req = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
  const addUser = async (email: string, role: "admin" | "viewer" = "admin") =>
    (
      await t.db
        .insert(users)
        .values({ email, name: email.split("@")[0]!, passwordHash: hash, role })
        .returning()
    )[0]!;
  const attempt = (email: string, password: string, ip: string) =>
    authorizeCredentials({ email, password }, req(ip)).then(
      (u) => u,
      (e: unknown) => e,
    );

  it("blocks an account after repeated wrong passwords, also for the right one, and says until when", async () => {
    const u = await addUser(`ann-${kind}@x.test`);
    for (let i = 1; i <= ACCOUNT_LIMIT.points; i++)
      expect(await attempt(u.email, `guess-${i}`, `10.0.0.${i}`)).toBeNull();
    const last = await attempt(u.email, "guess-last", "10.0.0.99");
    expect(last).toBeInstanceOf(SignInThrottledError);
    const retryIn = (last as SignInThrottledError).retryAt.getTime() - Date.now();
    expect(retryIn).toBeGreaterThan((ACCOUNT_LIMIT.blockDuration - 60) * 1000);
    expect((last as Error).message).toMatch(/^throttled:\d+$/);
    // The right password from a fresh IP is refused too while the block lasts.
    expect(await attempt(u.email.toUpperCase(), "right-password", "10.9.9.9")).toBeInstanceOf(SignInThrottledError);
    // Another account is not affected.
    const other = await addUser(`bob-${kind}@x.test`);
    expect(await attempt(other.email, "right-password", "10.0.0.99")).toMatchObject({ id: other.id });
  });

  it("a right password clears the account's failures", async () => {
    const u = await addUser(`cas-${kind}@x.test`);
    for (let i = 0; i < ACCOUNT_LIMIT.points - 1; i++) await attempt(u.email, "wrong", "10.1.0.1");
    expect(await attempt(u.email, "right-password", "10.1.0.1")).toMatchObject({ id: u.id });
    expect(await attempt(u.email, "wrong", "10.1.0.1")).toBeNull();
  });

  it("blocks an IP spraying many addresses", async () => {
    const ip = "10.2.0.1";
    for (let i = 0; i < IP_LIMIT.points; i++) await recordFailure(t.db, `spray-${i}@x.test`, ip);
    expect(await attempt(`spray-last@x.test`, "wrong", ip)).toBeInstanceOf(SignInThrottledError);
    const u = await addUser(`dan-${kind}@x.test`);
    expect(await attempt(u.email, "right-password", ip)).toBeInstanceOf(SignInThrottledError);
    expect(await attempt(u.email, "right-password", "10.2.0.2")).toMatchObject({ id: u.id });
  });

  // PGlite is one process by design (db/client.ts locks its directory): only the server has several.
  if (kind === "server")
    it("counts failures from every app process against the same account", async () => {
      // A second app process: its own connection pool and its own limiter instances, same database.
      const { db: name } = must(
        rowsOf<{ db: string }>(await t.db.execute(sql`select current_database() as db`))[0],
        "current_database()",
      );
      const url = new URL(must(process.env.DATABASE_URL, "DATABASE_URL of the server database kind"));
      url.pathname = `/${name}`;
      const second = await openServer(url.toString(), { max: 2 });
      try {
        const u = await addUser(`eve-${kind}@x.test`);
        const half = Math.floor(ACCOUNT_LIMIT.points / 2);
        for (let i = 0; i < half; i++) await recordFailure(t.db, u.email, `10.3.0.${i}`);
        for (let i = half; i < ACCOUNT_LIMIT.points; i++) await recordFailure(second.db, u.email, `10.3.1.${i}`);
        expect(await attempt(u.email, "wrong", "10.3.2.1")).toBeInstanceOf(SignInThrottledError);
      } finally {
        await second.close();
      }
    });

  it("takes as long for an unknown address as for a wrong password (no account enumeration by timing)", async () => {
    const u = await addUser(`fay-${kind}@x.test`);
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      await attempt(email, "wrong", ip);
      return performance.now() - started;
    };
    await time("warm-up@x.test", "10.4.0.0");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time(u.email, `10.4.1.${i}`));
      unknown.push(await time(`nobody-${i}@x.test`, `10.4.2.${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    // bcrypt at cost 12 dominates both; without the dummy hash the unknown address was ~30× faster.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
  });

  it("refuses a deactivated account even with the right password", async () => {
    const u = await addUser(`gus-${kind}@x.test`);
    await setUserActive(u.id, false);
    expect(await attempt(u.email, "right-password", "10.5.0.1")).toBeNull();
  });

  async function signIn(u: { id: string; role: string; sessionVersion: number }) {
    const token = await encode({
      token: { uid: u.id, role: u.role, sv: u.sessionVersion, sub: u.id },
      secret: authSecret(),
    });
    jar.cookies.set(SESSION_COOKIE, token);
  }
  const customer = (n: string) => ({ id: null, values: { name: `Acme ${n}`, email: `acme-${n}@x.test` } });

  it("a demoted admin's session loses admin rights at its next action", async () => {
    const u = await addUser(`hal-${kind}@x.test`);
    await signIn(u);
    expect(await saveCustomerAction(customer(`1-${kind}`))).toMatchObject({ ok: true });
    await setUserRole(u.id, "viewer");
    const r = await saveCustomerAction(customer(`2-${kind}`));
    expect(r.ok).toBe(false);
    expect(
      await t.db
        .select()
        .from(customers)
        .where(eq(customers.email, `acme-2-${kind}@x.test`)),
    ).toHaveLength(0);
    expect(await currentUser()).toBeNull();
  });

  it("a demotion written straight to the table ends the session too", async () => {
    const u = await addUser(`ida-${kind}@x.test`);
    await signIn(u);
    expect(await currentUser()).toMatchObject({ id: u.id, role: "admin" });
    await t.db.update(users).set({ role: "viewer" }).where(eq(users.id, u.id));
    expect(await saveCustomerAction(customer(`3-${kind}`))).toMatchObject({ ok: false });
  });

  it("a deactivated admin's session ends", async () => {
    const u = await addUser(`jan-${kind}@x.test`);
    await signIn(u);
    await setUserActive(u.id, false);
    expect(await currentUser()).toBeNull();
    expect(await saveCustomerAction(customer(`4-${kind}`))).toMatchObject({
      ok: false,
      message: "Your session has ended. Sign in again.",
    });
  });

  it("a token with a forged or stale session version is not a session", async () => {
    const u = await addUser(`kim-${kind}@x.test`);
    await signIn({ ...u, sessionVersion: u.sessionVersion + 1 });
    expect(await currentUser()).toBeNull();
    jar.cookies.set(SESSION_COOKIE, "not-a-jwt");
    expect(await currentUser()).toBeNull();
  });
});

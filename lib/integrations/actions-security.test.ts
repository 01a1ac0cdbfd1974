// The integration screens' actions as a viewer, a careless admin and a production install would
// meet them, through the real action wrapper and session check; and /api/health when the database
// is down — on every test database kind.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Next's request scope (not our module): the session cookie a browser would send.
const jar = vi.hoisted(() => ({ cookies: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  cookies: () =>
    Promise.resolve({
      get: (n: string) => {
        const value = jar.cookies.get(n);
        return value === undefined ? undefined : { name: n, value };
      },
      getAll: () => [],
    }),
  headers: () => Promise.resolve(new Headers()),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { eq } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { useDatabase, type Db } from "@/db/client";
import { integrations, users } from "@/db/schema";
import { authSecret } from "@/lib/auth/secret";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { seal } from "@/lib/crypto/seal";
import { secretPurpose } from "@/lib/graph/identity";
import { createIntegrationAction, saveAuthAction } from "./actions";
import { GET as health } from "@/app/api/health/route";
import { must } from "@/lib/invariant";

/** What /api/health answers (the fields this test reads). */
interface HealthBody {
  status: string;
  database: { status: string; ref?: string };
}

const CLIENT = "11111111-2222-3333-4444-555555555555";
const OTHER_CLIENT = "99999999-2222-3333-4444-555555555555";

describe.each(testDbKinds)("integration actions and health (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  async function signInAs(role: "admin" | "viewer") {
    const [row] = await t.db
      .insert(users)
      .values({ email: `${role}-${Date.now()}@x.test`, name: role, passwordHash: "x", role })
      .returning();
    const u = must(row, "inserted user");
    jar.cookies.set(SESSION_COOKIE, await encode({ token: { uid: u.id, role, sv: 0 }, secret: authSecret() }));
    return u;
  }
  async function integrationWithSecret() {
    const [i] = await t.db
      .insert(integrations)
      .values({
        name: "Outlook",
        mode: "application",
        state: "draft",
        cloud: "public",
        tenantId: "contoso.onmicrosoft.com",
        clientId: CLIENT,
      })
      .returning();
    const saved = must(i, "inserted integration");
    await t.db
      .update(integrations)
      .set({ clientSecretSealed: seal("old-secret", secretPurpose(saved.id)) })
      .where(eq(integrations.id, saved.id));
    return saved;
  }
  const form = (id: string, over: Record<string, string> = {}) => ({
    id,
    name: "Outlook",
    cloud: "public" as const,
    mode: "application" as const,
    tenantId: "contoso.onmicrosoft.com",
    clientId: CLIENT,
    clientSecret: "",
    clientSecretExpiresOn: "",
    ...over,
  });

  it("a viewer creating an integration gets the typed refusal, and nothing is created", async () => {
    await signInAs("viewer");
    const before = (await t.db.select().from(integrations)).length;
    const r = await createIntegrationAction();
    expect(r).toEqual({ ok: false, message: "Your role does not allow this change. Ask an administrator." });
    expect(await t.db.select().from(integrations)).toHaveLength(before);
  });

  it("Add Outlook integration stores nothing until the form is saved, and then asks for the secret first", async () => {
    await signInAs("admin");
    const id = "0b6f3a52-8c1e-4d2a-9a57-3f1d2e4c5b6a";
    const empty = await saveAuthAction(form(id));
    expect(empty).toMatchObject({
      ok: false,
      fieldErrors: { clientSecret: "Enter the client secret's Value (Certificates & secrets in Azure)." },
    });
    expect(await t.db.select().from(integrations).where(eq(integrations.id, id))).toEqual([]);
    expect(await saveAuthAction(form(id, { clientSecret: "first~secret-value", name: "Zalen" }))).toEqual({
      ok: true,
      data: { id },
    });
    const [row] = await t.db.select().from(integrations).where(eq(integrations.id, id));
    expect(row).toMatchObject({ name: "Zalen", mode: "application", clientId: CLIENT });
    expect(row?.clientSecretSealed).toBeTruthy();
  });

  it("a new client ID with the secret field empty asks for that client's secret", async () => {
    await signInAs("admin");
    const i = await integrationWithSecret();
    const r = await saveAuthAction(form(i.id, { clientId: OTHER_CLIENT }));
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^A new client ID needs its own client secret/) as unknown,
      fieldErrors: { clientSecret: expect.stringMatching(/^A new client ID needs its own client secret/) as unknown },
    });
    expect(
      must((await t.db.select().from(integrations).where(eq(integrations.id, i.id)))[0], "the integration").clientId,
    ).toBe(CLIENT);
    // With a secret for it, and keeping the client ID without one, saving works.
    expect(
      await saveAuthAction(form(i.id, { clientId: OTHER_CLIENT, clientSecret: "new~secret-value" })),
    ).toMatchObject({ ok: true });
    expect(await saveAuthAction(form(i.id, { clientId: OTHER_CLIENT, name: "Renamed" }))).toMatchObject({ ok: true });
  });

  it("the sandbox cloud cannot be chosen in production", async () => {
    await signInAs("admin");
    const i = await integrationWithSecret();
    vi.stubEnv("NODE_ENV", "production");
    try {
      expect(await saveAuthAction(form(i.id, { cloud: "sandbox" }))).toMatchObject({
        ok: false,
        fieldErrors: { cloud: expect.stringMatching(/^The sandbox tenant is for tests and demos/) as unknown },
      });
    } finally {
      vi.unstubAllEnvs();
    }
    expect(await saveAuthAction(form(i.id, { cloud: "sandbox" }))).toMatchObject({ ok: true });
    // A production build that runs the sandbox on purpose (the demo, the browser tests) offers it.
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SANDBOX", "embedded");
    try {
      expect(await saveAuthAction(form(i.id, { cloud: "sandbox" }))).toMatchObject({ ok: true });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("/api/health does not hand the database's error to the caller", async () => {
    const broken = {
      execute: () => Promise.reject(new Error('connect ECONNREFUSED db.internal:5432 (user "roomlink_admin")')),
    } as unknown as Db;
    useDatabase({ db: broken, kind, close: async () => {} });
    try {
      const res = await health();
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).not.toMatch(/ECONNREFUSED|db\.internal|roomlink_admin/);
      const body = JSON.parse(text) as HealthBody;
      expect(body).toMatchObject({ status: "error", database: { status: "unreachable" } });
      expect(body.database.ref).toMatch(/^[0-9a-f]{8}$/);
    } finally {
      useDatabase({ db: t.db, kind, close: () => t.close() });
    }
  });
});

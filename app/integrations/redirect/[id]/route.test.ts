import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { testDbKinds } from "@/db/testing";

// The session comes from next-auth's cookie in a real request; here the signed-in admin is chosen per test.
const session = vi.hoisted(() => ({ user: null as null | { id: string; name: string; email: string; role: "admin" } }));
vi.mock("@/lib/auth/session", () => ({ currentUser: () => Promise.resolve(session.user) }));

import { consentInBrowser } from "@/lib/sandbox/testing";
import { startConsent } from "@/lib/integrations/consent";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "@/lib/integrations/test-support";
import { GET } from "./route";

describe.each(testDbKinds)("GET /integrations/redirect/[id] (%s)", (kind) => {
  let w: IntegrationWorld;
  beforeAll(async () => {
    w = await integrationWorld(kind);
  });
  afterAll(() => w?.close());

  const call = (location: URL, id: string) => GET(new Request(location), { params: Promise.resolve({ id }) });

  it("follows the sandbox's 302 and sends the admin back with an outcome code only", async () => {
    const i = await sandboxIntegration(w, "delegated");
    session.user = { id: w.admin.id, name: w.admin.name, email: w.admin.email, role: "admin" };
    const consent = await consentInBrowser(await startConsent(i.id, w.admin));
    const res = await call(consent.location!, i.id);
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location")!);
    expect(back.pathname).toBe(`/integrations/${i.id}/auth`);
    expect([...back.searchParams.keys()]).toEqual(["outcome"]);
    expect(back.searchParams.get("outcome")).toBe("consented");
    expect(res.headers.get("location")).not.toContain(consent.location!.searchParams.get("code")!);
  });

  it("refuses a mismatching state and a missing session", async () => {
    const i = await sandboxIntegration(w, "delegated");
    session.user = { id: w.admin.id, name: w.admin.name, email: w.admin.email, role: "admin" };
    const forged = new URL(`http://localhost:3000/integrations/redirect/${i.id}?code=abc&state=forged`);
    expect(new URL((await call(forged, i.id)).headers.get("location")!).searchParams.get("outcome")).toBe(
      "state_mismatch",
    );
    session.user = null;
    expect(new URL((await call(forged, i.id)).headers.get("location")!).searchParams.get("outcome")).toBe(
      "session_ended",
    );
    expect(new URL((await call(forged, "not-an-id")).headers.get("location")!).searchParams.get("outcome")).toBe(
      "state_mismatch",
    );
  });
});

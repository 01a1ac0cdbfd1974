// The OAuth redirect as anyone on the internet can call it (no sign-in in front of it): crafted,
// malformed and replayed answers never leave our origin, carry only an outcome code, and never
// write the integration's last error. Real session cookie, real consent code — every DB kind.
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

import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { env } from "@/lib/env";
import { consentInBrowser } from "@/lib/sandbox/testing";
import { startConsent } from "@/lib/integrations/consent";
import { getIntegration } from "@/lib/integrations/service";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "@/lib/integrations/test-support";
import { testDbKinds } from "@/db/testing";
import { GET } from "./route";

describe.each(testDbKinds)("OAuth redirect under attack (%s)", (kind) => {
  let w: IntegrationWorld;
  beforeAll(async () => {
    w = await integrationWorld(kind);
    jar.cookies.set(
      SESSION_COOKIE,
      await encode({ token: { uid: w.admin.id, role: "admin", sv: 0 }, secret: authSecret() }),
    );
  });
  afterAll(() => w?.close());

  const call = (url: string, id: string) => GET(new Request(url), { params: Promise.resolve({ id }) });
  const outcomeOf = (res: Response) => {
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location")!);
    expect(back.origin).toBe(new URL(env.baseUrl).origin);
    expect([...back.searchParams.keys()]).toEqual(["outcome"]);
    return back.searchParams.get("outcome");
  };

  it("a crafted state is refused as advice only, never recorded as the integration's last error", async () => {
    const i = await sandboxIntegration(w, "delegated");
    for (const q of [
      "state=x",
      "state=&code=abc",
      "code=abc",
      "state=x&error=access_denied&error_description=AADSTS65004",
      `state=${"a".repeat(5000)}`,
      "state=%00%0a%0d",
    ]) {
      expect(outcomeOf(await call(`http://localhost:3000/integrations/redirect/${i.id}?${q}`, i.id))).toBe(
        "state_mismatch",
      );
    }
    const after = await getIntegration(i.id);
    expect(after.lastErrorAdvice).toBeNull();
    expect(after.lastError).toBeNull();
  });

  it("malformed integration ids and hostile parameters never leave our origin", async () => {
    for (const id of [
      "not-an-id",
      "../../evil",
      "%2F%2Fevil.example",
      "00000000-0000-0000-0000-000000000000",
      "\\\\evil.example",
    ]) {
      expect(
        outcomeOf(
          await call(`http://localhost:3000/integrations/redirect/x?state=y&redirect_uri=https://evil.example`, id),
        ),
      ).toBe("state_mismatch");
    }
  });

  it("a genuine answer works once; replaying it is refused and does not undo the consent", async () => {
    const i = await sandboxIntegration(w, "delegated");
    const consent = await consentInBrowser(await startConsent(i.id, w.admin));
    expect(outcomeOf(await call(consent.location!.toString(), i.id))).toBe("consented");
    expect(outcomeOf(await call(consent.location!.toString(), i.id))).toBe("state_mismatch");
    const after = await getIntegration(i.id);
    expect(after.consentedAt).not.toBeNull();
    expect(after.lastErrorAdvice).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { auditLog, integrations, oauthStates, users } from "@/db/schema";
import { acquireToken, acquireTokenResult } from "@/lib/graph/identity";
import { ReconnectRequiredError } from "@/lib/graph/errors";
import { consentInBrowser } from "@/lib/sandbox/testing";
import { completeConsentRedirect, startConsent } from "./consent";
import { connect } from "./connect";
import { getIntegration } from "./service";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "./test-support";
import { must } from "@/lib/invariant";

describe.each(testDbKinds)("consent and connect against the sandbox (%s)", (kind) => {
  let w: IntegrationWorld;
  beforeAll(async () => {
    w = await integrationWorld(kind);
  });
  afterAll(() => w?.close());

  it("delegated: authorize with PKCE, redirect, Step 2 stores a sealed cache and refreshes silently", async () => {
    const i = await sandboxIntegration(w, "delegated");
    const url = new URL(await startConsent(i.id, w.admin));
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("scope")).toContain("offline_access");
    expect(url.searchParams.get("nonce")).toBeTruthy();
    const [stateRow] = await w.t.db.select().from(oauthStates).where(eq(oauthStates.integrationId, i.id));
    expect(must(stateRow, "the consent state").verifierSealed).not.toContain(url.searchParams.get("code_challenge")!);

    const consent = await consentInBrowser(url.toString());
    expect(consent.status).toBe(302);
    expect(must(consent.location, "consent redirect").pathname).toBe(`/integrations/redirect/${i.id}`);
    expect(
      await completeConsentRedirect(i.id, must(consent.location, "consent redirect").searchParams, w.admin.id),
    ).toBe("consented");
    const r = await connect(i.id, w.admin);
    expect(r).toMatchObject({ ok: true });
    const after = await getIntegration(i.id);
    expect(after.state).toBe("connected");
    expect(after.connectedAccount).toMatch(/@/);
    expect(after.tokenCacheSealed).toBeTruthy();
    expect(after.tokenCacheSealed).not.toMatch(/refresh|secret/i);
    expect(await acquireToken(after)).toMatch(/^ey/);
    // The audit log never holds the secret.
    const audit = await w.t.db.select().from(auditLog).where(eq(auditLog.entityId, i.id));
    expect(JSON.stringify(audit)).not.toContain(w.sb.clientSecret);
    expect(audit.map((a) => a.action)).toContain("integration.connected");

    // Refresh rotates the stored refresh token; an idle one (90 days) asks for a reconnect.
    // Twice: the sandbox revokes a rotated refresh token, so the second works only if the first's new one was saved.
    await acquireTokenResult(after, { forceRefresh: true });
    const refreshed = await acquireTokenResult(await getIntegration(i.id), { forceRefresh: true });
    expect(refreshed.accessToken).toMatch(/^ey/);
    w.sb.directory.ageRefreshTokens(91, { clientId: w.sb.clientId });
    const err = await acquireTokenResult(after, { forceRefresh: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    expect((err as ReconnectRequiredError).advice).toBe("refresh_expired");
  });

  it("refuses a state from another admin, a replayed state and an unknown one (possible CSRF)", async () => {
    const i = await sandboxIntegration(w, "delegated");
    const [other] = await w.t.db
      .insert(users)
      .values({ email: `eve-${Date.now()}@x.test`, name: "Eve", passwordHash: "x", role: "admin" })
      .returning();
    const consent = await consentInBrowser(await startConsent(i.id, w.admin));
    const params = must(consent.location, "consent redirect").searchParams;
    expect(await completeConsentRedirect(i.id, params, must(other, "the other admin").id)).toBe("state_mismatch");
    expect(await completeConsentRedirect(i.id, new URLSearchParams({ code: "x", state: "forged" }), w.admin.id)).toBe(
      "state_mismatch",
    );
    expect(await completeConsentRedirect(i.id, params, null)).toBe("session_ended");
    expect(await completeConsentRedirect(i.id, params, w.admin.id)).toBe("consented");
    expect(await completeConsentRedirect(i.id, params, w.admin.id)).toBe("state_mismatch");
    expect((await getIntegration(i.id)).lastErrorAdvice).toBeNull();
  });

  it("a cancelled consent becomes advice, not an error page", async () => {
    const i = await sandboxIntegration(w, "delegated");
    const consent = await consentInBrowser(await startConsent(i.id, w.admin), { action: "cancel" });
    expect(
      await completeConsentRedirect(i.id, must(consent.location, "consent redirect").searchParams, w.admin.id),
    ).toBe("user_cancelled");
    expect(await connect(i.id, w.admin)).toMatchObject({ ok: false });
  });

  it("application: admin consent, then a token whose roles hold Calendars.ReadWrite", async () => {
    const i = await sandboxIntegration(w, "application");
    const url = new URL(await startConsent(i.id, w.admin));
    expect(url.pathname).toBe(`/${w.sb.tenantId}/v2.0/adminconsent`);
    const consent = await consentInBrowser(url.toString());
    expect(
      await completeConsentRedirect(i.id, must(consent.location, "consent redirect").searchParams, w.admin.id),
    ).toBe("admin_consented");
    expect(await connect(i.id, w.admin)).toEqual({ ok: true, roles: ["Calendars.ReadWrite"] });
    expect((await getIntegration(i.id)).grantedRoles).toEqual(["Calendars.ReadWrite"]);
  });

  it("application without admin consent says consent is missing", async () => {
    const i = await sandboxIntegration(w, "application");
    w.sb.directory.revokeAdminConsent(w.sb.clientId);
    try {
      expect(await connect(i.id, w.admin)).toMatchObject({
        ok: false,
        advice: "no_consent",
        missing: ["Calendars.ReadWrite"],
      });
    } finally {
      w.sb.directory.grantAdminConsent(w.sb.clientId);
    }
  });

  it("a secret ID pasted instead of the value, and an expired secret, become advice", async () => {
    const i = await sandboxIntegration(w, "application", "6c2f4a1e-0d2b-4f3a-9c1d-2b3e4f5a6b7c-ish");
    expect(await connect(i.id, w.admin)).toEqual({ ok: false, advice: "secret_id_pasted" });
    const [row] = await w.t.db.select().from(integrations).where(eq(integrations.id, i.id));
    expect(must(row, "the integration").lastErrorAdvice).toBe("secret_id_pasted");
    const secret = w.sb.directory.addSecret(w.sb.clientId);
    const j = await sandboxIntegration(w, "application", secret.value);
    w.sb.directory.expireSecret(w.sb.clientId, secret.keyId);
    expect(await connect(j.id, w.admin)).toEqual({ ok: false, advice: "secret_expired" });
  });
});

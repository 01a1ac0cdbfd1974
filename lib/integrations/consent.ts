// Step 1 of connecting an integration: the consent URL (state + PKCE bound to the admin) and the
// redirect's verification, with advice codes out. Step 2 (redeeming the consent) is in ./connect.
import { eq, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthStates, type Integration } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { pkcePair, randomToken, safeEqual } from "@/lib/crypto/random";
import { appScopes, cloudEndpoints, delegatedScopes } from "@/lib/graph/clouds";
import { adviceForOAuth, aadstsCode, fromMsalError, IntegrationError, type AdviceCode } from "@/lib/graph/errors";
import { dispatcherFor, fetchWith } from "@/lib/graph/http";
import { authorityFor, msalClient } from "@/lib/graph/identity";
import { log } from "@/lib/log";
import { codePurpose, ready, verifierPurpose } from "./consent-shared";
import { getIntegration, recordAuthError, returnUrl, setState } from "./service";

// Step 2 for the importers that reach both steps through this module (lib/sync/test-world.ts).
export { connect, type ConnectResult } from "./connect";
export { REQUIRED_PERMISSION } from "./consent-shared";

const STATE_TTL_MS = 15 * 60_000;

/** The browser-facing origin of the identity platform, from its metadata (the sandbox serves pages on http). */
async function browserOrigin(i: Integration): Promise<string> {
  const ep = cloudEndpoints(i.cloud);
  if (i.cloud === "public" || i.cloud === "usgov" || i.cloud === "china") return ep.authorityHost;
  const res = await fetchWith(dispatcherFor(ep.caFile))(`${authorityFor(i)}/v2.0/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok)
    throw new IntegrationError(
      res.status === 400 ? "unknown_tenant" : "network",
      `The identity platform answered ${res.status} for the tenant's metadata.`,
    );
  const meta = (await res.json()) as { authorization_endpoint?: string };
  return new URL(meta.authorization_endpoint ?? ep.authorityHost).origin;
}

/** Step 1: a consent URL for this admin. Delegated: authorize + PKCE + nonce; application: admin consent. */
export async function startConsent(integrationId: string, user: { id: string; name?: string }): Promise<string> {
  const i = await getIntegration(integrationId);
  const { tenantId, clientId } = ready(i);
  const db = await getDb();
  await db.delete(oauthStates).where(lt(oauthStates.expiresAt, new Date()));
  const state = randomToken();
  const redirectUri = returnUrl(i.id);
  let url: string;
  if (i.mode === "delegated") {
    const { verifier, challenge } = pkcePair();
    const nonce = randomToken(16);
    url = await msalClient(i)
      .getAuthCodeUrl({
        scopes: delegatedScopes(i.cloud),
        redirectUri,
        state,
        nonce,
        codeChallenge: challenge,
        codeChallengeMethod: "S256",
        prompt: "select_account",
        responseMode: "query",
      })
      .catch((e: unknown) => Promise.reject(fromMsalError(e)));
    await db.insert(oauthStates).values({
      state,
      integrationId: i.id,
      userId: user.id,
      kind: "delegated",
      verifierSealed: seal(verifier, verifierPurpose(state)),
      nonce,
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
    });
  } else {
    // https://learn.microsoft.com/entra/identity-platform/v2-admin-consent
    const q = new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirectUri,
      state,
      scope: appScopes(i.cloud).join(" "),
    });
    url = `${await browserOrigin(i)}/${encodeURIComponent(tenantId)}/v2.0/adminconsent?${q}`;
    await db.insert(oauthStates).values({
      state,
      integrationId: i.id,
      userId: user.id,
      kind: "admin_consent",
      expiresAt: new Date(Date.now() + STATE_TTL_MS),
    });
  }
  if (i.state === "draft") await setState(user, i.id, "consent_pending", {}, "integration.consent_started");
  log.info({ integrationId: i.id, mode: i.mode }, "consent started");
  return url;
}

/** Outcome codes the authentication screen shows after the redirect (never tokens or raw errors). */
export type RedirectOutcome = "consented" | "admin_consented" | "session_ended" | AdviceCode;

/**
 * The redirect route's work: the state must exist, belong to this integration and to the signed-in
 * admin, be unused and unexpired; anything else is refused as possible CSRF.
 */
export async function completeConsentRedirect(
  integrationId: string,
  params: URLSearchParams,
  userId: string | null,
): Promise<RedirectOutcome> {
  const state = params.get("state") ?? "";
  const db = await getDb();
  const [row] = state ? await db.select().from(oauthStates).where(eq(oauthStates.state, state)) : [];
  const scope = { integrationId, area: "consent" };
  if (!userId) return "session_ended";
  if (
    !row ||
    !safeEqual(row.state, state) ||
    row.integrationId !== integrationId ||
    row.userId !== userId ||
    row.completedAt
  ) {
    log.warn(
      { ...scope, known: Boolean(row), sameUser: row?.userId === userId, used: Boolean(row?.completedAt) },
      "consent redirect refused: state mismatch",
    );
    // Advice for the browser only: anyone can craft this link, so it must not become the integration's last error.
    return "state_mismatch";
  }
  if (row.expiresAt < new Date()) {
    await db.delete(oauthStates).where(eq(oauthStates.state, state));
    return "state_expired";
  }
  const error = params.get("error");
  if (error) {
    const code = aadstsCode({ error_description: params.get("error_description") ?? undefined });
    const advice = adviceForOAuth(error, code);
    await db
      .update(oauthStates)
      .set({ resultError: error, resultErrorDescription: code ? `AADSTS${code}` : null, completedAt: new Date() })
      .where(eq(oauthStates.state, state));
    await recordAuthError(integrationId, advice, `Consent failed: ${error}${code ? ` (AADSTS${code})` : ""}.`);
    log.info({ ...scope, error, aadsts: code }, "consent refused or failed");
    return advice;
  }
  const actor = { id: userId };
  // Consenting again (a new secret, more permissions) must not take a live integration offline
  // while Step 2 is pending: its webhooks and reconciles keep running on the current sign-in.
  const current = await getIntegration(integrationId);
  const next = current.state === "active" || current.state === "needs_attention" ? current.state : "consent_pending";
  if (row.kind === "admin_consent") {
    if (params.get("admin_consent")?.toLowerCase() !== "true") return "consent_incomplete";
    await db.update(oauthStates).set({ completedAt: new Date() }).where(eq(oauthStates.state, state));
    await setState(
      actor,
      integrationId,
      next,
      { consentedAt: new Date(), lastErrorAdvice: null, lastError: null, lastErrorAt: null },
      "integration.admin_consented",
    );
    return "admin_consented";
  }
  const code = params.get("code");
  if (!code) return "consent_incomplete";
  await db
    .update(oauthStates)
    .set({ resultCodeSealed: seal(code, codePurpose(state)), completedAt: new Date() })
    .where(eq(oauthStates.state, state));
  await setState(
    actor,
    integrationId,
    next,
    { consentedAt: new Date(), lastErrorAdvice: null, lastError: null, lastErrorAt: null },
    "integration.consented",
  );
  return "consented";
}

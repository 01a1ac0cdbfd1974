// Step 1 (consent URL with state + PKCE bound to the admin), the redirect's verification, and
// Step 2 (code → sealed token cache, or client credentials with a `roles` check). Advice codes out.
import { and, desc, eq, isNull, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrations, oauthStates, type Integration } from "@/db/schema";
import { seal, unseal } from "@/lib/crypto/seal";
import { pkcePair, randomToken, safeEqual } from "@/lib/crypto/random";
import { appScopes, cloudEndpoints, delegatedScopes, type Cloud } from "@/lib/graph/clouds";
import { adviceForOAuth, aadstsCode, fromMsalError, IntegrationError, type AdviceCode } from "@/lib/graph/errors";
import { dispatcherFor, fetchWith } from "@/lib/graph/http";
import { authorityFor, forgetIdentity, msalClient, tokenClaims } from "@/lib/graph/identity";
import { parkedOf } from "@/lib/jobs/parking";
import { runIntegrationJobsNow } from "@/lib/jobs/queue";
import { wakeWorkers } from "@/lib/jobs/wake";
import { log } from "@/lib/log";
import { auditIntegration, type Actor } from "./audit";
import { isAuthProblemKind, openProblems, resolveProblems } from "./problems";
import { getIntegration, recordAuthError, returnUrl, setState } from "./service";

const STATE_TTL_MS = 15 * 60_000;
const codePurpose = (state: string) => `oauth-state:${state}:code`;
const verifierPurpose = (state: string) => `oauth-state:${state}:verifier`;
export const REQUIRED_PERMISSION = "Calendars.ReadWrite";

function ready(i: Integration): void {
  if (!i.tenantId || !i.clientId || !i.clientSecretSealed) {
    throw new IntegrationError("not_connected", "Save tenant ID, client ID and client secret first.");
  }
}

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
  ready(i);
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
      client_id: i.clientId!,
      redirect_uri: redirectUri,
      state,
      scope: appScopes(i.cloud)[0],
    });
    url = `${await browserOrigin(i)}/${encodeURIComponent(i.tenantId!)}/v2.0/adminconsent?${q}`;
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
    if (params.get("admin_consent")?.toLowerCase() !== "true") return "unknown";
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
  if (!code) return "unknown";
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

export type ConnectResult =
  | { ok: true; account?: string; roles?: string[] }
  | { ok: false; advice: AdviceCode; missing?: string[]; roles?: string[] };

/** Step 2. Delegated: redeem the code from Step 1 (verifier + nonce); application: client credentials + roles. */
export async function connect(integrationId: string, user: { id: string; name?: string }): Promise<ConnectResult> {
  const i = await getIntegration(integrationId);
  ready(i);
  forgetIdentity(i.id);
  const result = i.mode === "delegated" ? await connectDelegated(i, user) : await connectApplication(i);
  if (result.ok) {
    const fixed = await resolveSignInProblems(i);
    // An integration that was activated (deactivating clears activatedAt) goes back to live, whatever
    // state Step 1 left it in; a mailbox still denied or a subscription still missing keeps it flagged.
    const live = i.activatedAt !== null;
    await setState(
      user,
      i.id,
      live ? (fixed.blocked ? "needs_attention" : "active") : "connected",
      {
        connectedAt: new Date(),
        connectedAccount: result.account ?? null,
        grantedRoles: result.roles ?? null,
        tokensRefreshedAt: new Date(),
        lastErrorAdvice: null,
        lastError: null,
        lastErrorAt: null,
      },
      "integration.connected",
    );
    if (fixed.resolved) {
      const due = await runIntegrationJobsNow(i.id);
      log.info({ integrationId: i.id, jobs: due }, "reconnected: parked sync work resumes");
      wakeWorkers();
    }
    if (live) {
      // Catch up at once: the reconcile recreates any missing subscription and reads what changed
      // by delta. Loaded lazily: the sync engine imports this module's package.
      const { runReconcileNow } = await import("@/lib/sync/reconcile/reconcile");
      await runReconcileNow(i.id);
    }
  } else {
    await recordAuthError(
      i.id,
      result.advice,
      result.missing ? `Missing: ${result.missing.join(", ")}` : `Connect failed (${result.advice}).`,
    );
    const db = await getDb();
    await auditIntegration(db, user, i.id, "integration.connect_failed", null, {
      advice: result.advice,
      missing: result.missing ?? null,
    });
  }
  return result;
}

/**
 * A working sign-in resolves the sign-in problems the sync engine raised (auth_*: revoked or expired
 * refresh token, expired secret …), so the work parked for re-consent can run. When that is what
 * stopped an activated integration (nothing else holds it), it goes back to active.
 */
async function resolveSignInProblems(i: Integration): Promise<{ resolved: boolean; blocked: boolean }> {
  const open = await openProblems(i.id);
  const signIn = [...new Set(open.map((p) => p.kind).filter(isAuthProblemKind))];
  for (const kind of signIn) await resolveProblems(i.id, kind);
  const blocked =
    open.some((p) => p.kind === "mailbox_access_denied" || p.kind === "subscription_failed") ||
    (await parkedOf(i.id)).length > 0;
  return { resolved: signIn.length > 0, blocked };
}

async function connectDelegated(i: Integration, user: { id: string }): Promise<ConnectResult> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(oauthStates)
    .where(and(eq(oauthStates.integrationId, i.id), eq(oauthStates.userId, user.id), eq(oauthStates.kind, "delegated")))
    .orderBy(desc(oauthStates.createdAt))
    .limit(1);
  if (!row || !row.resultCodeSealed)
    return { ok: false, advice: row?.resultError ? adviceForOAuth(row.resultError, undefined) : "no_consent" };
  // Codes are single use: whatever happens next, this one is spent.
  await db.delete(oauthStates).where(and(eq(oauthStates.state, row.state), isNull(oauthStates.resultError)));
  try {
    const r = await msalClient(i).acquireTokenByCode({
      code: unseal(row.resultCodeSealed, codePurpose(row.state)),
      codeVerifier: unseal(row.verifierSealed!, verifierPurpose(row.state)),
      // msal checks the id_token nonce only when it is in the request (DESIGN §3).
      nonce: row.nonce ?? undefined,
      redirectUri: returnUrl(i.id),
      scopes: delegatedScopes(i.cloud),
    });
    const scp = String(tokenClaims(r.accessToken).scp ?? "")
      .split(" ")
      .filter(Boolean);
    if (!scp.includes(REQUIRED_PERMISSION))
      return { ok: false, advice: "missing_role", missing: [REQUIRED_PERMISSION], roles: scp };
    return { ok: true, account: r.account?.username, roles: scp };
  } catch (e) {
    const err = fromMsalError(e);
    log.warn({ integrationId: i.id, advice: err.advice, aadsts: err.aadsts }, "code redemption failed");
    return { ok: false, advice: err.advice };
  }
}

async function connectApplication(i: Integration): Promise<ConnectResult> {
  try {
    const r = await msalClient(i).acquireTokenByClientCredential({
      scopes: appScopes(i.cloud),
      skipCache: true,
    });
    const roles = (tokenClaims(r?.accessToken ?? "").roles as string[] | undefined) ?? [];
    if (!roles.includes(REQUIRED_PERMISSION)) {
      // No roles at all: admin consent was never granted. Some roles: the permission itself is missing.
      return { ok: false, advice: roles.length ? "missing_role" : "no_consent", missing: [REQUIRED_PERMISSION], roles };
    }
    return { ok: true, roles };
  } catch (e) {
    const err = fromMsalError(e);
    log.warn({ integrationId: i.id, advice: err.advice, aadsts: err.aadsts }, "client credentials failed");
    return { ok: false, advice: err.advice };
  }
}

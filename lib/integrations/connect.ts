// Step 2 of connecting an integration. Delegated: redeem the code from Step 1 into the sealed token
// cache; application: client credentials with a `roles` check. A working sign-in resolves the sign-in
// problems the sync engine raised and brings an activated integration back to live.
import { and, desc, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { oauthStates, type Integration } from "@/db/schema";
import { unseal } from "@/lib/crypto/seal";
import { appScopes, delegatedScopes } from "@/lib/graph/clouds";
import { adviceForOAuth, fromMsalError, type AdviceCode } from "@/lib/graph/errors";
import { forgetIdentity, msalClient, tokenClaims } from "@/lib/graph/identity";
import { parkedOf } from "@/lib/jobs/parking";
import { runIntegrationJobsNow } from "@/lib/jobs/queue";
import { wakeWorkers } from "@/lib/jobs/wake";
import { must } from "@/lib/invariant";
import { log } from "@/lib/log";
import { auditIntegration } from "./audit";
import { codePurpose, ready, REQUIRED_PERMISSION, rolesOf, scopesOf, verifierPurpose } from "./consent-shared";
import { isAuthProblemKind, openProblems, resolveProblems } from "./problems";
import { getIntegration, recordAuthError, returnUrl, setState } from "./service";

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
      codeVerifier: unseal(
        must(row.verifierSealed, "PKCE verifier of a delegated consent state"),
        verifierPurpose(row.state),
      ),
      // msal checks the id_token nonce only when it is in the request (DESIGN §3).
      nonce: row.nonce ?? undefined,
      redirectUri: returnUrl(i.id),
      scopes: delegatedScopes(i.cloud),
    });
    const scp = scopesOf(tokenClaims(r.accessToken));
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
    const roles = rolesOf(tokenClaims(r?.accessToken ?? ""));
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

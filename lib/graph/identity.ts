// msal-node per integration: confidential client on the integration's cloud, token cache sealed in
// the database (delegated), single-flight token acquisition. The sync engine calls acquireToken().
import {
  ConfidentialClientApplication,
  LogLevel,
  type AuthenticationResult,
  type ICachePlugin,
  type TokenCacheContext,
} from "@azure/msal-node";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrations, type Integration } from "@/db/schema";
import { seal, unseal } from "@/lib/crypto/seal";
import { log } from "@/lib/log";
import { appScopes, cloudEndpoints, delegatedScopes } from "./clouds";
import { fromMsalError, IntegrationError, ReconnectRequiredError } from "./errors";
import { dispatcherFor, msalNetworkClient } from "./http";

/** The fields identity needs; a full `Integration` row fits. */
export type IdentityConfig = Pick<
  Integration,
  "id" | "mode" | "cloud" | "tenantId" | "clientId" | "clientSecretSealed" | "clientSecretSetAt"
>;

export const secretPurpose = (integrationId: string) => `integration:${integrationId}:client-secret`;
const cachePurpose = (integrationId: string) => `integration:${integrationId}:token-cache`;

export function authorityFor(cfg: Pick<Integration, "cloud" | "tenantId">): string {
  return `${cloudEndpoints(cfg.cloud).authorityHost}/${encodeURIComponent(cfg.tenantId ?? "")}`;
}

/** Delegated mode: msal's cache lives sealed in integrations.token_cache_sealed. */
function sealedCachePlugin(integrationId: string): ICachePlugin {
  return {
    async beforeCacheAccess(ctx: TokenCacheContext) {
      const db = await getDb();
      const [row] = await db
        .select({ c: integrations.tokenCacheSealed })
        .from(integrations)
        .where(eq(integrations.id, integrationId));
      if (row?.c) ctx.tokenCache.deserialize(unseal(row.c, cachePurpose(integrationId)));
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return;
      const db = await getDb();
      await db
        .update(integrations)
        .set({
          tokenCacheSealed: seal(ctx.tokenCache.serialize(), cachePurpose(integrationId)),
          tokensRefreshedAt: new Date(),
        })
        .where(eq(integrations.id, integrationId));
    },
  };
}

const clients = new Map<string, { key: string; cca: ConfidentialClientApplication }>();

/** The msal client for an integration; rebuilt when credentials or cloud change. */
export function msalClient(cfg: IdentityConfig): ConfidentialClientApplication {
  if (!cfg.tenantId || !cfg.clientId || !cfg.clientSecretSealed) {
    throw new IntegrationError(
      "not_connected",
      "Tenant ID, client ID and client secret are needed first (authentication screen).",
    );
  }
  const key = [cfg.cloud, cfg.mode, cfg.tenantId, cfg.clientId, cfg.clientSecretSealed].join("|");
  const hit = clients.get(cfg.id);
  if (hit?.key === key) return hit.cca;
  const ep = cloudEndpoints(cfg.cloud);
  const scope = { integrationId: cfg.id, area: "identity" };
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: cfg.clientId,
      clientSecret: unseal(cfg.clientSecretSealed, secretPurpose(cfg.id)),
      authority: authorityFor(cfg),
      // host[:port]: msal then skips instance discovery against login.microsoftonline.com.
      knownAuthorities: ep.knownAuthority ? [new URL(ep.authorityHost).host] : [],
    },
    cache: cfg.mode === "delegated" ? { cachePlugin: sealedCachePlugin(cfg.id) } : undefined,
    system: {
      // Causes of endpoints_resolution_error are logged by the network client itself.
      networkClient: msalNetworkClient(dispatcherFor(ep.caFile), scope),
      loggerOptions: {
        logLevel: LogLevel.Error,
        piiLoggingEnabled: false,
        loggerCallback: (level, message) => log.warn({ ...scope, msalLevel: level }, message),
      },
    },
  });
  clients.set(cfg.id, { key, cca });
  return cca;
}

/** Forget cached clients (after credentials changed or the integration was deleted). */
export function forgetIdentity(integrationId: string): void {
  clients.delete(integrationId);
  inflight.delete(integrationId);
  memo.delete(integrationId);
  refreshedAt.delete(integrationId);
}

// msal does not de-duplicate concurrent acquisitions (DESIGN §3): one request per integration at a time.
const inflight = new Map<string, { p: Promise<AuthenticationResult>; forced: boolean }>();
/** When each integration's last forced refresh finished. */
const refreshedAt = new Map<string, number>();

/**
 * An access token result for Graph: silent refresh (delegated) or client credentials (application).
 * `forceRefresh` skips the cache (a 401 for a token msal still thinks valid). Pass `rejectedAt` (when
 * the refused request started): several requests refused with one token then share one refresh,
 * because a rotated refresh token cannot be redeemed twice — the second redemption would fail as
 * invalid_grant and look like a revoked sign-in.
 */
export function acquireTokenResult(
  cfg: IdentityConfig,
  opts: { forceRefresh?: boolean; rejectedAt?: number } = {},
): Promise<AuthenticationResult> {
  const force =
    (opts.forceRefresh ?? false) &&
    !(opts.rejectedAt !== undefined && (refreshedAt.get(cfg.id) ?? 0) >= opts.rejectedAt);
  const running = inflight.get(cfg.id);
  if (running && (running.forced || !force)) return running.p;
  if (force) memo.delete(cfg.id);
  // A forced refresh waits for a silent acquisition in flight, which may be redeeming the refresh token.
  const before = running
    ? running.p.then(
        () => undefined,
        () => undefined,
      )
    : Promise.resolve();
  const entry = { forced: force, p: before.then(() => acquire(cfg, force)) };
  entry.p = entry.p
    .then((r) => {
      if (force) refreshedAt.set(cfg.id, Date.now());
      return r;
    })
    .finally(() => {
      if (inflight.get(cfg.id) === entry) inflight.delete(cfg.id);
    });
  inflight.set(cfg.id, entry);
  return entry.p;
}

// Tokens in memory until 5 minutes before expiry, so Graph calls do not reopen the sealed cache each time.
const memo = new Map<string, { key: string; token: string; expiresAt: number }>();

/** A bearer token for Microsoft Graph; throws ReconnectRequiredError when an admin must act. */
export async function acquireToken(cfg: IdentityConfig): Promise<string> {
  const key = cfg.clientSecretSealed ?? "";
  const hit = memo.get(cfg.id);
  if (hit && hit.key === key && hit.expiresAt - 300_000 > Date.now()) return hit.token;
  const r = await acquireTokenResult(cfg);
  memo.set(cfg.id, { key, token: r.accessToken, expiresAt: r.expiresOn?.getTime() ?? Date.now() + 600_000 });
  return r.accessToken;
}

async function acquire(cfg: IdentityConfig, forceRefresh: boolean): Promise<AuthenticationResult> {
  const cca = msalClient(cfg);
  try {
    if (cfg.mode === "application") {
      const r = await cca.acquireTokenByClientCredential({
        scopes: appScopes(cfg.cloud),
        skipCache: forceRefresh,
      });
      if (!r) throw new IntegrationError("unknown", "The identity platform returned no token.");
      return r;
    }
    const [account] = await cca.getTokenCache().getAllAccounts();
    if (!account)
      throw new ReconnectRequiredError(
        "not_connected",
        "No stored sign-in: run Step 1 and Step 2 on the authentication screen.",
      );
    return await cca.acquireTokenSilent({
      account,
      forceRefresh,
      scopes: delegatedScopes(cfg.cloud).filter((s) => s !== "openid" && s !== "offline_access"),
    });
  } catch (e) {
    const err = fromMsalError(e);
    log.warn({ integrationId: cfg.id, advice: err.advice, aadsts: err.aadsts }, "token acquisition failed");
    throw err;
  }
}

/** Claims of a JWT access token (no verification: only to read `roles`/`scp` of our own token). */
export function tokenClaims(accessToken: string): Record<string, unknown> {
  const part = accessToken.split(".")[1];
  if (!part) return {};
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
}

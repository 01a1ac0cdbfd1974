// POST /{tenant}/oauth2/v2.0/token: client authentication, then authorization_code (with PKCE),
// refresh_token (rotating) and client_credentials grants. https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow
import crypto from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "../contracts";
import { REFRESH_TOKEN_MAX_INACTIVE_MS, hashToken, type AppRegistration } from "../directory";
import { pruneCodes, type IdentityDeps } from "./deps";
import { AADSTS, aadErrorResponse, stsHeaders, type AadError } from "./errors";
import { parseForm } from "./html";
import { origins } from "./metadata";
import { hasAll, parseScopes } from "./scopes";
import { ACCESS_TOKEN_SECONDS, clientInfo, issueAccessToken, issueIdToken } from "./tokens";

class GrantError extends Error {
  constructor(public aad: AadError) {
    super(aad.message);
  }
}

const NO_STORE = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store, no-cache",
  pragma: "no-cache",
};

export async function tokenEndpoint(
  deps: IdentityDeps,
  req: SandboxRequest,
  tenantSegment: string,
): Promise<SandboxResponse> {
  if (req.method !== "POST") {
    return aadErrorResponse(req, {
      error: "invalid_request",
      code: 900561,
      message: `The endpoint only accepts POST, OPTIONS requests. Received a ${req.method} request.`,
    });
  }
  const form = parseForm(req.body);
  try {
    const app = authenticateClient(deps, req, form);
    const grant = form.get("grant_type");
    if (!grant) throw new GrantError(AADSTS.missingParam("grant_type"));
    pruneCodes(deps);
    let body: Record<string, unknown>;
    if (grant === "authorization_code") body = await redeemCode(deps, req, form, app);
    else if (grant === "refresh_token") body = await redeemRefreshToken(deps, req, form, app);
    else if (grant === "client_credentials") body = await clientCredentials(deps, form, app);
    else throw new GrantError(AADSTS.unsupportedGrant(grant));
    deps.log.debug({ clientId: app.clientId, grant, tenant: tenantSegment }, "sandbox token issued");
    return { status: 200, headers: { ...stsHeaders(req), ...NO_STORE }, body };
  } catch (e) {
    if (!(e instanceof GrantError)) throw e;
    deps.log.info({ aadsts: e.aad.code, error: e.aad.error }, "sandbox token request refused");
    return aadErrorResponse(req, e.aad);
  }
}

function authenticateClient(deps: IdentityDeps, req: SandboxRequest, form: URLSearchParams): AppRegistration {
  let clientId = form.get("client_id") ?? undefined;
  let secret = form.get("client_secret") ?? undefined;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  if (basic !== undefined) {
    // client_secret_basic: form-urlencoded id and secret, joined by ':' (RFC 6749 §2.3.1).
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const i = decoded.indexOf(":");
    clientId = decodeURIComponent(decoded.slice(0, i).replace(/\+/g, " "));
    secret = decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, " "));
  }
  if (!clientId) throw new GrantError(AADSTS.missingParam("client_id"));
  const app = deps.directory.app(clientId);
  if (!app) throw new GrantError(AADSTS.appNotFound(clientId, deps.directory.tenantId));
  if (!secret) throw new GrantError(AADSTS.missingSecret());
  const match = app.secrets.find((s) => safeEqual(s.value, secret));
  // A pasted secret ID (keyId) is the classic mistake; Microsoft answers 7000215 for it too.
  if (!match) throw new GrantError(AADSTS.invalidSecret(app.clientId));
  if (new Date(match.endDateTime).getTime() <= Date.now()) throw new GrantError(AADSTS.expiredSecret(app.clientId));
  return app;
}

function safeEqual(a: string, b: string): boolean {
  const x = crypto.createHash("sha256").update(a).digest();
  const y = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

async function redeemCode(deps: IdentityDeps, req: SandboxRequest, form: URLSearchParams, app: AppRegistration) {
  const code = form.get("code");
  if (!code) throw new GrantError(AADSTS.missingParam("code"));
  const rec = deps.codes.get(code);
  if (!rec) throw new GrantError(AADSTS.malformedGrant());
  if (rec.redeemed) throw new GrantError(AADSTS.codeRedeemed());
  if (rec.expiresAt < Date.now()) throw new GrantError(AADSTS.codeExpired());
  if (rec.clientId !== app.clientId) throw new GrantError(AADSTS.grantOtherClient());
  const redirectUri = form.get("redirect_uri");
  if (!redirectUri) throw new GrantError(AADSTS.missingParam("redirect_uri"));
  if (redirectUri !== rec.redirectUri) throw new GrantError(AADSTS.replyAddressMismatch(redirectUri, rec.redirectUri));
  if (rec.codeChallenge) {
    const verifier = form.get("code_verifier");
    if (!verifier) throw new GrantError(AADSTS.pkceMissingVerifier());
    const computed =
      rec.codeChallengeMethod === "plain" ? verifier : crypto.createHash("sha256").update(verifier).digest("base64url");
    if (computed !== rec.codeChallenge) throw new GrantError(AADSTS.pkceMismatch());
  }
  rec.redeemed = true;
  const user = signInUser(deps, rec.userId);
  return delegatedResponse(deps, req, form, app, user.id, rec.graphScopes, rec.oidcScopes, rec.nonce);
}

async function redeemRefreshToken(
  deps: IdentityDeps,
  req: SandboxRequest,
  form: URLSearchParams,
  app: AppRegistration,
) {
  const token = form.get("refresh_token");
  if (!token) throw new GrantError(AADSTS.missingParam("refresh_token"));
  const rec = deps.directory.findRefreshToken(token);
  if (!rec) throw new GrantError(deps.rotated.has(hashToken(token)) ? AADSTS.refreshReused() : AADSTS.malformedGrant());
  if (rec.clientId !== app.clientId) throw new GrantError(AADSTS.grantOtherClient());
  // Disabled or deleted since the token was issued: refused before anything else about the token.
  const user = signInUser(deps, rec.userId);
  const validFrom = deps.directory.refreshTokensValidFrom(rec.userId);
  if (validFrom && new Date(rec.issuedAt).getTime() < new Date(validFrom).getTime()) {
    throw new GrantError(AADSTS.refreshRevoked(rec.issuedAt, validFrom));
  }
  if (Date.now() - new Date(rec.lastUsedAt).getTime() > REFRESH_TOKEN_MAX_INACTIVE_MS)
    throw new GrantError(AADSTS.refreshIdle(rec.issuedAt));
  const asked = parseScopes(form.get("scope"));
  const wanted = asked.graphDefault || asked.graph.length === 0 ? rec.scopes : asked.graph;
  // A refresh token may be exchanged for any scope the user consented to, not more.
  const granted = deps.directory.delegatedScopesGranted(app.clientId, user.id);
  if (!hasAll(granted, wanted))
    throw new GrantError({ ...AADSTS.consentRequired(app.clientId, app.displayName), error: "invalid_grant" });
  // Rotation: the old token stops working now (Microsoft only lets it age out; see README).
  deps.directory.deleteRefreshToken(rec.hash);
  deps.rotated.set(rec.hash, Date.now());
  const oidc = [...new Set([...asked.oidc, "offline_access"])];
  return delegatedResponse(deps, req, form, app, user.id, wanted, oidc, undefined);
}

/** The user a code or refresh token belongs to, if it may still sign in: else AADSTS50034 / 50057. */
function signInUser(deps: IdentityDeps, userId: string) {
  const user = deps.directory.findUser(userId);
  if (!user) throw new GrantError(AADSTS.userNotFound(deps.directory.tenantId));
  if (user.accountEnabled === false) throw new GrantError(AADSTS.userDisabled());
  return user;
}

async function delegatedResponse(
  deps: IdentityDeps,
  req: SandboxRequest,
  form: URLSearchParams,
  app: AppRegistration,
  userId: string,
  graphScopes: string[],
  oidcScopes: string[],
  nonce: string | undefined,
) {
  const user = deps.directory.findUser(userId)!;
  const tenantId = deps.directory.tenantId;
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: [...graphScopes, ...oidcScopes.filter((s) => s !== "offline_access")].join(" "),
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: await issueAccessToken(deps.keys, {
      tenantId,
      clientId: app.clientId,
      appDisplayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      user,
      scopes: graphScopes,
    }),
  };
  if (oidcScopes.includes("offline_access")) {
    const refresh = `1.${crypto.randomBytes(48).toString("base64url")}`;
    const now = new Date().toISOString();
    deps.directory.saveRefreshToken(
      { clientId: app.clientId, userId, scopes: graphScopes, issuedAt: now, lastUsedAt: now },
      refresh,
    );
    body.refresh_token = refresh;
  }
  if (oidcScopes.includes("openid")) {
    body.id_token = await issueIdToken(deps.keys, {
      issuer: `${origins(req).https}/${tenantId}/v2.0`,
      tenantId,
      clientId: app.clientId,
      user,
      nonce,
      email: oidcScopes.includes("email"),
    });
  }
  if (form.get("client_info") === "1") body.client_info = clientInfo(userId, tenantId);
  return body;
}

async function clientCredentials(deps: IdentityDeps, form: URLSearchParams, app: AppRegistration) {
  const scope = form.get("scope");
  if (!scope) throw new GrantError(AADSTS.missingParam("scope"));
  const parsed = parseScopes(scope);
  const [unknownResource] = parsed.unknownResource;
  if (unknownResource !== undefined) {
    throw new GrantError({
      error: "invalid_resource",
      code: 500011,
      message: `The resource principal named ${unknownResource} was not found in the tenant named ${deps.directory.tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    });
  }
  if (!parsed.graphDefault || parsed.graph.length || parsed.oidc.length)
    throw new GrantError(AADSTS.defaultScopeRequired(scope));
  const roles = app.adminConsent.granted ? app.adminConsent.roles : [];
  return {
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_SECONDS,
    ext_expires_in: ACCESS_TOKEN_SECONDS,
    access_token: await issueAccessToken(deps.keys, {
      tenantId: deps.directory.tenantId,
      clientId: app.clientId,
      appDisplayName: app.displayName,
      servicePrincipalId: app.servicePrincipalId,
      roles,
    }),
  };
}

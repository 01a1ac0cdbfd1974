// Signing keys, JWKS and the JWTs the sandbox issues: Graph access tokens (v1.0 shape, as Graph
// tokens always are), v2.0 id_tokens, and the verification the Graph half calls per request.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  SignJWT,
  exportJWK,
  importPKCS8,
  importSPKI,
  jwtVerify,
  errors as joseErrors,
  type JWK,
  type CryptoKey as JoseKey,
} from "jose";
import type { DirectoryUser, GraphCaller } from "../contracts";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Access token lifetime. MSAL refreshes 300 s early; Microsoft answers expires_in around 3599. */
export const ACCESS_TOKEN_SECONDS = 3599;

export interface SigningKeys {
  kid: string;
  privateKey: JoseKey;
  publicKey: JoseKey;
  jwk: JWK;
}

let processKeyPem: string | undefined;

/** One RSA key per state dir (persisted) or per process (memory mode: fresh tenants start fast). */
export async function loadSigningKeys(stateDir?: string): Promise<SigningKeys> {
  let pem: string | undefined;
  const file = stateDir ? path.join(stateDir, "signing-key.pem") : undefined;
  if (file && fs.existsSync(file)) pem = fs.readFileSync(file, "utf8");
  if (!pem && !file) pem = processKeyPem;
  if (!pem) {
    const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, pem, { mode: 0o600 });
    } else processKeyPem = pem;
  }
  const spki = crypto.createPublicKey(pem).export({ type: "spki", format: "pem" }).toString();
  const privateKey = await importPKCS8(pem, "RS256");
  const publicKey = await importSPKI(spki, "RS256", { extractable: true });
  const der = crypto.createPublicKey(pem).export({ type: "spki", format: "der" });
  // Microsoft's kid equals the x5t thumbprint; ours is a thumbprint of the public key.
  const kid = crypto.createHash("sha1").update(der).digest("base64url");
  const jwk = { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "RS256", x5t: kid };
  return { kid, privateKey, publicKey, jwk };
}

export function graphIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export interface AccessTokenInput {
  tenantId: string;
  clientId: string;
  appDisplayName: string;
  servicePrincipalId: string;
  user?: DirectoryUser;
  scopes?: string[];
  roles?: string[];
}

export async function issueAccessToken(keys: SigningKeys, input: AccessTokenInput): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  // Microsoft backdates iat/nbf by 5 minutes for clock skew.
  const claims: Record<string, unknown> = {
    aio: crypto.randomBytes(24).toString("base64url"),
    app_displayname: input.appDisplayName,
    appid: input.clientId,
    appidacr: "1",
    idp: graphIssuer(input.tenantId),
    rh: "0.sandbox.",
    tid: input.tenantId,
    uti: crypto.randomBytes(16).toString("base64url"),
    ver: "1.0",
    xms_tcdt: now - 86_400,
  };
  if (input.user) {
    Object.assign(claims, {
      idtyp: "user",
      oid: input.user.id,
      sub: pairwise(input.user.id, input.clientId),
      name: input.user.displayName,
      upn: input.user.userPrincipalName,
      unique_name: input.user.userPrincipalName,
      scp: (input.scopes ?? []).join(" "),
      amr: ["pwd"],
    });
  } else {
    Object.assign(claims, { idtyp: "app", oid: input.servicePrincipalId, sub: input.servicePrincipalId });
    // Without admin consent the token simply has no roles claim; Graph then answers 403.
    if (input.roles && input.roles.length) claims.roles = input.roles;
  }
  return new SignJWT(claims)
    .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: keys.kid, x5t: keys.kid })
    .setIssuer(graphIssuer(input.tenantId))
    .setAudience(GRAPH_RESOURCE)
    .setIssuedAt(now - 300)
    .setNotBefore(now - 300)
    .setExpirationTime(now + ACCESS_TOKEN_SECONDS)
    .sign(keys.privateKey);
}

export async function issueIdToken(
  keys: SigningKeys,
  input: { issuer: string; tenantId: string; clientId: string; user: DirectoryUser; nonce?: string; email?: boolean },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    oid: input.user.id,
    tid: input.tenantId,
    name: input.user.displayName,
    preferred_username: input.user.userPrincipalName,
    ver: "2.0",
    aio: crypto.randomBytes(24).toString("base64url"),
    rh: "0.sandbox.",
    uti: crypto.randomBytes(16).toString("base64url"),
  };
  // v2.0: `email` only with the email scope, and only for a user who has an address (no mailbox, no claim).
  // https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference
  if (input.email && input.user.mail) claims.email = input.user.mail;
  if (input.nonce) claims.nonce = input.nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: keys.kid })
    .setIssuer(input.issuer)
    .setAudience(input.clientId)
    .setSubject(pairwise(input.user.id, input.clientId))
    .setIssuedAt(now - 300)
    .setNotBefore(now - 300)
    .setExpirationTime(now + 3600)
    .sign(keys.privateKey);
}

/** v2.0 `sub` is pairwise per app; `oid` is the same for every app. */
function pairwise(userId: string, clientId: string): string {
  return crypto.createHash("sha256").update(`${userId}|${clientId}`).digest("base64url").slice(0, 43);
}

/** MSAL's client_info: base64url JSON of uid (oid) + utid (tid); it builds homeAccountId from it. */
export function clientInfo(userId: string, tenantId: string): string {
  return Buffer.from(JSON.stringify({ uid: userId, utid: tenantId })).toString("base64url");
}

/**
 * Graph's bearer validation; error descriptions follow Graph's InvalidAuthenticationToken messages.
 * `validFrom`: tokens issued before it count as expired (the control API's expireAccessTokens).
 */
export async function verifyGraphToken(
  keys: SigningKeys,
  tenantId: string,
  authorization: string | undefined,
  validFrom?: Date,
): Promise<GraphCaller | { error: string; description: string }> {
  const fail = (description: string) => ({ error: "InvalidAuthenticationToken", description });
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "")?.[1];
  if (token === undefined) return fail("Access token is empty.");
  try {
    const { payload } = await jwtVerify(token, keys.publicKey, {
      algorithms: ["RS256"],
      issuer: graphIssuer(tenantId),
      audience: [GRAPH_RESOURCE, `${GRAPH_RESOURCE}/`, GRAPH_APP_ID],
    });
    const p = payload as Record<string, unknown>;
    // iat is backdated 5 minutes at issue (see issueAccessToken).
    if (validFrom && typeof p.iat === "number" && (p.iat + 300) * 1000 < validFrom.getTime())
      return fail("Lifetime validation failed, the token is expired.");
    const delegated = p.idtyp === "user" || typeof p.scp === "string";
    return {
      kind: delegated ? "delegated" : "application",
      tenantId: String(p.tid),
      appId: String(p.appid ?? p.azp),
      userId: delegated ? String(p.oid) : undefined,
      scopes: typeof p.scp === "string" && p.scp ? p.scp.split(" ") : [],
      roles: Array.isArray(p.roles) ? p.roles.map(String) : [],
    };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) return fail("Lifetime validation failed, the token is expired.");
    if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "aud")
      return fail("Access token validation failure. Invalid audience.");
    if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "iss")
      return fail("Access token validation failure. Invalid issuer.");
    if (e instanceof joseErrors.JWSSignatureVerificationFailed)
      return fail("Access token validation failure. Invalid signature.");
    return fail("IDX14100: JWT is not well formed.");
  }
}

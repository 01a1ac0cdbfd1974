// AADSTS error responses exactly as the Microsoft identity platform shapes them: token-endpoint JSON,
// authorize-redirect query parameters, and the error page shown when no redirect is safe.
// Shape: https://learn.microsoft.com/entra/identity-platform/reference-error-codes#handling-error-codes-in-your-application
import crypto from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "../contracts";
import { esc, page } from "./html";

/** "2016-01-09 02:02:12Z", the format Microsoft uses in error bodies. */
export function aadTimestamp(d = new Date()): string {
  return d
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

export interface AadError {
  error: string;
  code: number;
  message: string;
  /** 400 unless invalid_client (401). */
  status?: number;
}

export function aadErrorBody(req: SandboxRequest, e: AadError) {
  const traceId = crypto.randomUUID();
  // Microsoft echoes the client-request-id header (MSAL sends one) as correlation_id.
  const correlationId = req.headers["client-request-id"] || crypto.randomUUID();
  const timestamp = aadTimestamp();
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${req.url.origin.replace(/^http:/, "https:")}/error?code=${e.code}`,
  };
}

export function aadErrorResponse(req: SandboxRequest, e: AadError): SandboxResponse {
  const body = aadErrorBody(req, e);
  return {
    status: e.status ?? (e.error === "invalid_client" ? 401 : 400),
    headers: {
      ...stsHeaders(req, body.trace_id),
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store, no-cache",
      pragma: "no-cache",
    },
    body,
  };
}

/** Response headers eSTS adds: the trace id as x-ms-request-id, the caller's client-request-id echoed. */
export function stsHeaders(req: SandboxRequest, traceId: string = crypto.randomUUID()): Record<string, string> {
  const h: Record<string, string> = { "x-ms-request-id": traceId, "x-ms-ests-server": "roomlink-sandbox" };
  if (req.headers["client-request-id"]) h["client-request-id"] = req.headers["client-request-id"];
  return h;
}

/** The "Sign in / Sorry, but we're having trouble signing you in" page (no redirect: unsafe target). */
export function aadErrorPage(req: SandboxRequest, e: AadError): SandboxResponse {
  const b = aadErrorBody(req, e);
  return page(
    "Sign in to your account",
    `<div class="card narrow error"><h1>Sorry, but we’re having trouble signing you in.</h1>
<p><strong>AADSTS${e.code}</strong>: ${esc(e.message)}</p>
<p class="muted">Request Id: ${esc(b.trace_id)}<br>Correlation Id: ${esc(b.correlation_id)}<br>Timestamp: ${esc(b.timestamp)}</p></div>`,
    { nav: false, status: e.status ?? 400 },
  );
}

export const AADSTS = {
  tenantNotFound: (tenant: string): AadError => ({
    error: "invalid_tenant",
    code: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  appNotFound: (appId: string, tenant: string): AadError => ({
    error: "unauthorized_client",
    code: 700016,
    message: `Application with identifier '${appId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  missingSecret: (): AadError => ({
    error: "invalid_client",
    code: 7000218,
    message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  invalidSecret: (appId: string): AadError => ({
    error: "invalid_client",
    code: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
  }),
  expiredSecret: (appId: string): AadError => ({
    error: "invalid_client",
    code: 7000222,
    message: `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
  }),
  missingParam: (name: string): AadError => ({
    error: "invalid_request",
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrant: (grant: string): AadError => ({
    error: "unsupported_grant_type",
    code: 70003,
    message: `The app requested an unsupported grant type '${grant}'.`,
  }),
  invalidScope: (scope: string): AadError => ({
    error: "invalid_scope",
    code: 70011,
    message: `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  }),
  defaultScopeRequired: (scope: string): AadError => ({
    error: "invalid_scope",
    code: 1002012,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  redirectMismatch: (uri: string, appId: string): AadError => ({
    error: "invalid_request",
    code: 50011,
    message: `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  }),
  replyAddressMismatch: (got: string, want: string): AadError => ({
    error: "invalid_grant",
    code: 500112,
    message: `The reply address '${got}' does not match the reply address '${want}' provided when requesting Authorization code.`,
  }),
  pkceMismatch: (): AadError => ({
    error: "invalid_grant",
    code: 50148,
    message: "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.",
  }),
  pkceMissingVerifier: (): AadError => ({
    error: "invalid_grant",
    code: 501481,
    message: "The Code_Verifier does not match the code_challenge supplied in the authorization request.",
  }),
  codeRedeemed: (): AadError => ({
    error: "invalid_grant",
    code: 54005,
    message:
      "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
  }),
  codeExpired: (): AadError => ({
    error: "invalid_grant",
    code: 70008,
    message:
      "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
  }),
  malformedGrant: (): AadError => ({
    error: "invalid_grant",
    code: 9002313,
    message: "Invalid request. Request is malformed or invalid.",
  }),
  grantOtherClient: (): AadError => ({
    error: "invalid_grant",
    code: 70000,
    message: "The provided grant is invalid or malformed: it was issued to a different client.",
  }),
  refreshReused: (): AadError => ({
    error: "invalid_grant",
    code: 70000,
    message:
      "The provided value for the 'refresh_token' is not valid: it was already redeemed (the sandbox rotates refresh tokens).",
  }),
  refreshIdle: (issuedAt: string): AadError => ({
    error: "invalid_grant",
    code: 700082,
    message: `The refresh token has expired due to inactivity. The token was issued on ${issuedAt} and was inactive for 90.00:00:00.`,
  }),
  refreshRevoked: (issuedAt: string, validFrom: string): AadError => ({
    error: "invalid_grant",
    code: 50173,
    message: `The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '${issuedAt}' and the TokensValidFrom date (before which tokens are not valid) for this user is '${validFrom}'.`,
  }),
  consentRequired: (appId: string, name: string): AadError => ({
    error: "consent_required",
    code: 65001,
    message: `The user or administrator has not consented to use the application with ID '${appId}' named '${name}'. Send an interactive authorization request for this user and resource.`,
  }),
  userDeclined: (): AadError => ({
    error: "access_denied",
    code: 65004,
    message: "User declined to consent to access the app.",
  }),
  loginRequired: (): AadError => ({
    error: "login_required",
    code: 50058,
    message: "A silent sign-in request was sent but no user is signed in.",
  }),
  // https://learn.microsoft.com/entra/identity-platform/reference-error-codes: 50057 UserDisabled,
  // 50034 UserAccountNotFound (a deleted user no longer exists in the directory).
  userDisabled: (): AadError => ({
    error: "invalid_grant",
    code: 50057,
    message: "The user account is disabled.",
  }),
  userNotFound: (tenantId: string): AadError => ({
    error: "invalid_grant",
    code: 50034,
    message: `The user account {EUII Hidden} does not exist in the ${tenantId} directory. To sign into this application, the account must be added to the directory.`,
  }),
  unsupportedResponseType: (rt: string): AadError => ({
    error: "unsupported_response_type",
    code: 700051,
    message: `response_type '${rt}' is not enabled for the application.`,
  }),
};

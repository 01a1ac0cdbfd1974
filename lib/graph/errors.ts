// Typed errors for identity and Graph calls, mapped from HTTP status, OAuth error and AADSTS codes
// (`error_codes`, msal's `errorNo`), never from message text; each carries an advice code for the UI.
// Codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes

/** What the admin should read; the UI translates `advice.<code>` (lib/i18n/messages/integrations.ts). */
export type AdviceCode =
  | "no_consent"
  | "secret_id_pasted"
  | "secret_expired"
  | "secret_missing"
  | "redirect_mismatch"
  | "refresh_expired"
  | "user_cancelled"
  | "state_mismatch"
  | "state_expired"
  | "unknown_client"
  | "unknown_tenant"
  | "code_expired"
  | "missing_role"
  | "mailbox_access_denied"
  | "throttled"
  | "network"
  | "webhook_unreachable"
  | "not_connected"
  | "no_rooms_mapped"
  | "no_inbound_room"
  | "consent_incomplete"
  | "unknown";

/** `cause`: the msal, SDK or network error this one was made from (kept for logs, never shown). */
export type ErrorOptions = { cause?: unknown };

export class IntegrationError extends Error {
  override name: string = "IntegrationError";
  readonly userFacing = true;
  constructor(
    readonly advice: AdviceCode,
    message: string,
    readonly aadsts?: number,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The stored credentials or consent no longer work: an admin must act on the authentication screen. */
export class ReconnectRequiredError extends IntegrationError {
  override name = "ReconnectRequiredError";
}

/** 429 / 503 from Graph: wait `retryAfter` seconds. */
export class ThrottledError extends IntegrationError {
  override name = "ThrottledError";
  constructor(
    readonly retryAfter: number,
    message = `Microsoft Graph is throttling requests; retry after ${retryAfter} s.`,
    options?: ErrorOptions,
  ) {
    super("throttled", message, undefined, 429, options);
  }
}

/** 403 from Graph: no role, or an application access policy / RBAC scope excludes this mailbox. */
export class AccessDeniedError extends IntegrationError {
  override name = "AccessDeniedError";
  constructor(
    readonly graphCode: string | null,
    readonly mailbox: string | undefined,
    message: string,
    advice: AdviceCode = "mailbox_access_denied",
    options?: ErrorOptions,
  ) {
    super(advice, message, undefined, 403, options);
  }
}

/** Any other Graph failure, with its status and Graph error code. */
export class GraphRequestError extends IntegrationError {
  override name = "GraphRequestError";
  constructor(
    status: number,
    readonly graphCode: string | null,
    message: string,
    options?: ErrorOptions,
  ) {
    super("unknown", message, undefined, status, options);
  }
}

const AADSTS_ADVICE: Record<number, { advice: AdviceCode; reconnect: boolean }> = {
  65001: { advice: "no_consent", reconnect: true },
  65004: { advice: "user_cancelled", reconnect: false },
  7000215: { advice: "secret_id_pasted", reconnect: true },
  7000222: { advice: "secret_expired", reconnect: true },
  7000218: { advice: "secret_missing", reconnect: true },
  50011: { advice: "redirect_mismatch", reconnect: false },
  500112: { advice: "redirect_mismatch", reconnect: false },
  700082: { advice: "refresh_expired", reconnect: true },
  50173: { advice: "refresh_expired", reconnect: true },
  70000: { advice: "refresh_expired", reconnect: true },
  70008: { advice: "code_expired", reconnect: false },
  54005: { advice: "code_expired", reconnect: false },
  700016: { advice: "unknown_client", reconnect: true },
  90002: { advice: "unknown_tenant", reconnect: true },
  900023: { advice: "unknown_tenant", reconnect: true },
};

const OAUTH_ADVICE: Record<string, AdviceCode> = {
  invalid_grant: "refresh_expired",
  consent_required: "no_consent",
  access_denied: "user_cancelled",
  invalid_client: "secret_id_pasted",
  unauthorized_client: "unknown_client",
  invalid_tenant: "unknown_tenant",
};

/** The first AADSTS number from `error_codes`, msal's `errorNo`, or an `AADSTSn:` prefix in an OAuth error_description. */
export function aadstsCode(source: {
  error_codes?: unknown;
  errorNo?: unknown;
  error_description?: unknown;
}): number | undefined {
  if (Array.isArray(source.error_codes) && source.error_codes.length) return Number(source.error_codes[0]) || undefined;
  if (source.errorNo !== undefined && source.errorNo !== null && source.errorNo !== "")
    return Number(source.errorNo) || undefined;
  // Browser redirects (error=…&error_description=AADSTS65004: …) carry no error_codes; the
  // description's leading code is the documented structured part of that parameter.
  if (typeof source.error_description === "string") {
    const m = /^AADSTS(\d+)\b/.exec(source.error_description);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** Advice for an OAuth error (from a redirect or a token response). */
export function adviceForOAuth(error: string | undefined, code: number | undefined): AdviceCode {
  if (code !== undefined && AADSTS_ADVICE[code]) return AADSTS_ADVICE[code].advice;
  if (error && OAUTH_ADVICE[error]) return OAUTH_ADVICE[error];
  return "unknown";
}

type MsalLike = { errorCode?: string; errorNo?: unknown; subError?: string; status?: number; name?: string };

/** Turn anything msal-node throws into a typed IntegrationError (messages for logs; advice for people). */
export function fromMsalError(e: unknown): IntegrationError {
  if (e instanceof IntegrationError) return e;
  const m = (e ?? {}) as MsalLike;
  const errorCode = m.errorCode ?? "";
  if (
    errorCode === "endpoints_resolution_error" ||
    errorCode === "network_error" ||
    errorCode === "openid_config_error"
  ) {
    return new IntegrationError(
      "network",
      `The identity platform could not be reached (${errorCode}).`,
      undefined,
      undefined,
      { cause: e },
    );
  }
  const code = aadstsCode(m);
  const advice = adviceForOAuth(errorCode, code);
  const message = `Sign-in failed: ${errorCode || "error"}${code ? ` (AADSTS${code})` : ""}.`;
  const reconnect =
    (code !== undefined && AADSTS_ADVICE[code]?.reconnect) ||
    errorCode === "invalid_grant" ||
    errorCode === "invalid_client" ||
    errorCode === "no_tokens_found";
  if (errorCode === "no_tokens_found" || errorCode === "no_account_found")
    return new ReconnectRequiredError(
      "not_connected",
      "No stored sign-in: run Step 1 and Step 2 again.",
      undefined,
      undefined,
      { cause: e },
    );
  return reconnect
    ? new ReconnectRequiredError(advice, message, code, m.status, { cause: e })
    : new IntegrationError(advice, message, code, m.status, { cause: e });
}

type GraphErrorLike = {
  statusCode?: number;
  code?: string | null;
  headers?: Headers | Record<string, string>;
  body?: unknown;
};

function header(h: GraphErrorLike["headers"], name: string): string | null {
  if (!h) return null;
  if (typeof (h as Headers).get === "function") return (h as Headers).get(name);
  const rec = h as Record<string, string>;
  return rec[name] ?? rec[name.toLowerCase()] ?? null;
}

/** Map a Graph SDK error (GraphError) or a fetch status to a typed error. */
export function fromGraphError(e: unknown, mailbox?: string): IntegrationError {
  if (e instanceof IntegrationError) return e;
  const g = (e ?? {}) as GraphErrorLike;
  const status = g.statusCode ?? 0;
  const code = g.code ?? null;
  if (status === 429 || status === 503) {
    const ra = Number(header(g.headers, "Retry-After"));
    const retryAfter = Number.isFinite(ra) && ra > 0 ? ra : 30;
    return new ThrottledError(retryAfter, undefined, { cause: e });
  }
  if (status === 401)
    return new ReconnectRequiredError(
      "not_connected",
      `Microsoft Graph refused the access token (401${code ? ` ${code}` : ""}).`,
      undefined,
      401,
      { cause: e },
    );
  if (status === 403) {
    const advice: AdviceCode = code === "ErrorAccessDenied" ? "mailbox_access_denied" : "missing_role";
    return new AccessDeniedError(
      code,
      mailbox,
      `Microsoft Graph denied access${mailbox ? ` to ${mailbox}` : ""} (403${code ? ` ${code}` : ""}).`,
      advice,
      { cause: e },
    );
  }
  // Graph could not validate the notification URL (no 200 text/plain echo within 10 s).
  if (status === 400 && code === "ValidationError") {
    return new IntegrationError(
      "webhook_unreachable",
      "Microsoft Graph could not validate the notification URL.",
      undefined,
      400,
      { cause: e },
    );
  }
  if (status === 0)
    return new IntegrationError(
      "network",
      `Microsoft Graph could not be reached: ${(e as Error)?.message ?? e}`,
      undefined,
      undefined,
      { cause: e },
    );
  return new GraphRequestError(status, code, `Microsoft Graph answered ${status}${code ? ` ${code}` : ""}.`, {
    cause: e,
  });
}

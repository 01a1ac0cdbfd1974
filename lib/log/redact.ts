// What never reaches a log line: secrets by name, wherever they sit in the logged object (errors and
// their causes, request options with headers, nested records). Names only, never a generic field
// like `code`: err.code carries what an operator needs (ECONNREFUSED, SQLSTATE 23505, Graph's
// ErrorAccessDenied). The OAuth authorization code is redacted where it travels as `code` inside a
// request's query, params, body or form, not wherever a field is called code.
// Done as pino's `formatters.log` (https://getpino.io/#/docs/api?id=formatters-object), one walk
// copying only what it changes: pino's path redaction needs one path per depth and name, and at six
// levels that cost ~350 µs per line; this walk keeps a line with an error at ~18 µs (measured here).

/** Field names (compared case-insensitively) that hold a secret wherever they appear. */
export const SECRET_NAMES = [
  "password",
  "passwordHash",
  "newPassword",
  "currentPassword",
  "smtpPassword",
  "clientSecret",
  "client_secret",
  "secret",
  "secretText",
  "clientSecretSealed",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "token",
  "tokenCacheSealed",
  "authorizationCode",
  "authCode",
  "code_verifier",
  "codeVerifier",
  "verifierSealed",
  "resultCodeSealed",
  "client_assertion",
  "assertion",
  "clientState",
  "client_state",
  "clientStateSealed",
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "sessionToken",
  "csrfToken",
  "sealKey",
  "AUTH_SECRET",
  "ROOMLINK_SEAL_KEY",
] as const;

const SECRET = new Set(SECRET_NAMES.map((n) => n.toLowerCase()));
/** Containers in which a field called `code` is an OAuth authorization code. */
const CODE_CARRIERS = new Set(["query", "params", "searchparams", "body", "form"]);
const MAX_DEPTH = 10;

export const CENSOR = "[redacted]";

function copyOf(v: object): Record<string, unknown> {
  if (v instanceof Error) {
    // Keep the prototype and own non-enumerable fields (message, stack, cause): pino's err serializer reads them.
    const proto = Object.getPrototypeOf(v) as object | null;
    return Object.create(proto, Object.getOwnPropertyDescriptors(v)) as Record<string, unknown>;
  }
  return { ...(v as Record<string, unknown>) };
}

function scrub(v: unknown, parentKey: string, depth: number, seen: WeakSet<object>): unknown {
  if (v === null || typeof v !== "object" || depth > MAX_DEPTH) return v;
  if (seen.has(v) || v instanceof Date || ArrayBuffer.isView(v)) return v;
  seen.add(v);
  if (Array.isArray(v)) {
    const items: unknown[] = v;
    let out: unknown[] | null = null;
    items.forEach((x, i) => {
      const y = scrub(x, parentKey, depth + 1, seen);
      if (y !== x) (out ??= [...items])[i] = y;
    });
    return out ?? items;
  }
  if (
    typeof (v as { forEach?: unknown }).forEach === "function" &&
    typeof (v as { get?: unknown }).get === "function"
  ) {
    // Headers / Map-like: walk as a plain record (only to look for secrets; the copy is what gets logged).
    const rec: Record<string, unknown> = {};
    (v as Map<string, unknown>).forEach((val, k) => {
      rec[String(k)] = val;
    });
    return scrub(rec, parentKey, depth, seen);
  }
  const keys = Object.keys(v);
  if (v instanceof Error && "cause" in v && !keys.includes("cause")) keys.push("cause");
  let out: Record<string, unknown> | null = null;
  const carrier = CODE_CARRIERS.has(parentKey);
  for (const k of keys) {
    const val = (v as Record<string, unknown>)[k];
    const lk = k.toLowerCase();
    if ((SECRET.has(lk) || (carrier && lk === "code")) && val !== undefined && val !== null) {
      (out ??= copyOf(v))[k] = CENSOR;
      continue;
    }
    const s = scrub(val, lk, depth + 1, seen);
    if (s !== val) (out ??= copyOf(v))[k] = s;
  }
  return out ?? v;
}

/** The log record with secrets replaced; unchanged objects are returned as they are. */
export function redactSecrets<T extends Record<string, unknown>>(obj: T): T {
  return scrub(obj, "", 0, new WeakSet()) as T;
}

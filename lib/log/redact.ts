// What pino blanks out of every log line: secrets by name, at any depth up to six levels (log
// objects, errors and their causes, request options with headers). Names only, never a generic
// field like `code`: err.code carries what an operator needs (ECONNREFUSED, SQLSTATE 23505, Graph's
// ErrorAccessDenied). The OAuth authorization code is redacted where it travels as `code` next to
// its request (query, params, body, form), not wherever a field is called code.
// https://getpino.io/#/docs/redaction

/** Field names that hold a secret wherever they appear. */
export const SECRET_NAMES = [
  "password", "passwordHash", "newPassword", "currentPassword",
  "clientSecret", "client_secret", "secret", "secretText", "clientSecretSealed",
  "accessToken", "access_token", "refreshToken", "refresh_token", "idToken", "id_token", "token", "tokenCacheSealed",
  "authorizationCode", "authCode", "code_verifier", "codeVerifier", "verifierSealed", "resultCodeSealed",
  "client_assertion", "assertion",
  "clientState", "client_state", "clientStateSealed",
  "authorization", "Authorization", "proxy-authorization", "cookie", "Cookie", "set-cookie", "Set-Cookie",
  "sessionToken", "csrfToken", "sealKey", "AUTH_SECRET", "ROOMLINK_SEAL_KEY", "smtpPassword",
] as const;

/** Containers in which a field called `code` is an OAuth authorization code. */
const CODE_CARRIERS = ["query", "params", "searchParams", "body", "form"];

const DEPTH = 6;

function atAnyDepth(leaf: string): string[] {
  const out: string[] = [];
  for (let d = 0; d < DEPTH; d++) out.push([...Array(d).fill("*"), leaf].join("."));
  return out;
}

/** Bracket notation where a name is not a plain identifier (set-cookie). */
const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`);

export function redactPaths(): string[] {
  const paths = SECRET_NAMES.flatMap((n) => atAnyDepth(key(n))).map((p) => p.replace(/\.\[/g, "["));
  for (const c of CODE_CARRIERS) paths.push(...atAnyDepth(`${c}.code`));
  return [...new Set(paths)];
}

export const CENSOR = "[redacted]";

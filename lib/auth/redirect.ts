// Where the browser may go after sign-in: only a path on Roomlink's own origin. Browsers parse
// `/\host`, `/\t/host`, `//host` and percent-encoded variants as another origin, so the value is
// parsed the way a browser does (WHATWG URL against our base: tabs and newlines stripped,
// backslashes read as slashes) and kept only when the result has our origin.
// https://url.spec.whatwg.org/#concept-basic-url-parser
// https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html

export const DEFAULT_AFTER_SIGN_IN = "/calendar";

/** A same-origin path (+ query + hash) for `raw`, or `fallback` when it would leave the origin. */
export function safeCallbackPath(raw: unknown, base: string, fallback = DEFAULT_AFTER_SIGN_IN): string {
  if (typeof raw !== "string" || raw === "" || raw.length > 2048) return fallback;
  let origin: string;
  let url: URL;
  try {
    origin = new URL(base).origin;
    url = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  // Decoding once more must not turn it into another origin either (a hop that decodes the path).
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return fallback;
  }
  if (/^[\\/]{2}|^[\\/][\t\n\r]*[\\/]/.test(decoded) || hasControlCharacter(decoded)) return fallback;
  const path = url.pathname + url.search + url.hash;
  // The result starts with exactly one slash, so it is relative to our origin wherever it is used.
  return path.startsWith("/") && !path.startsWith("//") ? path : fallback;
}

/** Any C0 control character (U+0000–U+001F): browsers drop or reinterpret them inside URLs. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) <= 0x1f) return true;
  return false;
}

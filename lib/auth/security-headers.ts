// Response headers every page carries. The CSP follows Next's nonce recipe for the App Router: a
// fresh nonce per request in the request's Content-Security-Policy header, which Next reads and
// puts on its own inline and chunk scripts; 'strict-dynamic' lets those load the rest.
// https://nextjs.org/docs/app/guides/content-security-policy#adding-a-nonce-with-proxy
// https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html

export function newNonce(): string {
  return btoa(crypto.randomUUID());
}

export function contentSecurityPolicy(nonce: string, opts: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    // React's dev build evaluates code for its stack traces; production never needs eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // style attributes (React style={...}) cannot carry a nonce; scripts are what CSP must hold.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The headers without a nonce: also set from next.config.ts on what the proxy does not see. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

/** Two years with subdomains, only ever sent over https (browsers ignore it on http anyway). */
export const HSTS = "max-age=63072000; includeSubDomains";

// Whether this request reached us over https, and the session cookie's fixed name. next-auth v4
// picks cookie names and the Secure flag from NEXTAUTH_URL alone, so behind an https-terminating
// proxy with an http base URL the session cookie went out without Secure. The name stays fixed
// (the proxy and getServerSession read it either way); Secure follows the request.
// https://next-auth.js.org/configuration/options#cookies

import { env } from "@/lib/env";

export const SESSION_COOKIE = "roomlink.session-token";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

function header(h: HeaderSource, name: string): string | undefined {
  if (!h) return undefined;
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/** https when the base URL says so, or (TRUST_PROXY) the proxy's X-Forwarded-Proto does. */
export function servedOverHttps(headers: HeaderSource, requestUrl?: string): boolean {
  if (env.baseUrl.startsWith("https:")) return true;
  if (requestUrl?.startsWith("https:")) return true;
  if (!env.TRUST_PROXY) return false;
  return header(headers, "x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

export function sessionCookies(secure: boolean) {
  const options = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
  return {
    sessionToken: { name: SESSION_COOKIE, options },
    callbackUrl: { name: "roomlink.callback-url", options },
    csrfToken: { name: "roomlink.csrf-token", options },
  };
}

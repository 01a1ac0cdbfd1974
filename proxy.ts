// Sign-in gate and security headers in front of every page and route except real static assets
// and the Graph webhooks. Pages and server actions check the session and role again themselves:
// this gate is a convenience (redirect to sign-in), never the only check.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";
import { SESSION_COOKIE, servedOverHttps } from "@/lib/auth/cookies";
import { contentSecurityPolicy, HSTS, newNonce, STATIC_SECURITY_HEADERS } from "@/lib/auth/security-headers";

const PUBLIC = [/^\/login(\/|$)/, /^\/icon\.svg$/, /^\/api\/health$/, /^\/api\/auth\//, /^\/integrations\/redirect\//];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const https = servedOverHttps(req.headers, req.url);
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });

  let res: NextResponse;
  if (
    PUBLIC.some((re) => re.test(pathname)) ||
    (await getToken({ req, secret: authSecret(), cookieName: SESSION_COOKIE }))
  ) {
    // Next takes the nonce from the request's CSP header and sets it on its scripts.
    const headers = new Headers(req.headers);
    headers.set("Content-Security-Policy", csp);
    res = NextResponse.next({ request: { headers } });
  } else if (pathname.startsWith("/api/")) {
    res = NextResponse.json({ error: "not_signed_in", message: "Sign in first." }, { status: 401 });
  } else {
    const login = new URL("/login", req.url);
    if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
    res = NextResponse.redirect(login);
  }
  res.headers.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.headers.set(k, v);
  if (https) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

export const config = {
  // Only Next's build output and image optimiser skip the gate (there is no public/ folder), and
  // the Graph webhooks: Next buffers a request body (up to 10 MB) for the proxy, and the webhook
  // routes must refuse an oversized body while reading it. `/bookings/x.js` is a page path, gated.
  matcher: ["/((?!_next/static/|_next/image(?:$|/|\\?)|api/graph/).*)"],
};

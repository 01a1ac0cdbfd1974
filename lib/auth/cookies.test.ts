// The session cookie is Secure whenever the browser reached us over https — also through a trusted
// reverse proxy that terminates TLS while APP_BASE_URL still says http — and a client cannot claim
// https when no proxy is trusted. (The route passes servedOverHttps(req) into authOptions.)
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { servedOverHttps, SESSION_COOKIE } from "./cookies";
import { must } from "@/lib/invariant";
import { authOptions } from "./options";

/** The session cookie as next-auth will set it: its name and the options this test reads. */
interface SessionCookie {
  name: string;
  options: { secure?: boolean; httpOnly?: boolean; sameSite?: unknown };
}

const secureFor = (
  headers: Record<string, string>,
  url = "http://localhost:3000/api/auth/callback/credentials",
): SessionCookie =>
  must(
    authOptions({ secure: servedOverHttps(new Headers(headers), url) }).cookies?.sessionToken,
    "session cookie of authOptions",
  );

describe("session cookie Secure flag", () => {
  const trust = env.TRUST_PROXY;
  afterEach(() => {
    env.TRUST_PROXY = trust;
  });

  it("is Secure behind a trusted https proxy even with an http base URL", () => {
    env.TRUST_PROXY = true;
    expect(env.baseUrl.startsWith("http:")).toBe(true);
    const c = secureFor({ "x-forwarded-proto": "https" });
    expect(c.name).toBe(SESSION_COOKIE);
    expect(c.options).toMatchObject({ secure: true, httpOnly: true, sameSite: "lax" });
    expect(secureFor({ "x-forwarded-proto": "http" }).options.secure).toBe(false);
  });

  it("ignores X-Forwarded-Proto from a client when no proxy is trusted", () => {
    env.TRUST_PROXY = false;
    expect(secureFor({ "x-forwarded-proto": "https" }).options.secure).toBe(false);
    expect(secureFor({}, "https://roomlink.example/api/auth/csrf").options.secure).toBe(true);
  });
});

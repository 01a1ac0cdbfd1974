// Less travelled identity paths: plain PKCE and a missing verifier, form_post responses, authority by
// verified domain, the v1 metadata variant, GET on the token endpoint.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentInBrowser, startTestSandbox, type TestSandbox } from "../testing";

const REDIRECT = "http://localhost:3999/cb";
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ redirectUris: [REDIRECT] });
});
afterAll(async () => {
  await sb.close();
});

function authorizeUrl(extra: Record<string, string>) {
  const q = new URLSearchParams({
    client_id: sb.clientId,
    response_type: "code",
    redirect_uri: REDIRECT,
    scope: "openid offline_access Calendars.ReadWrite",
    state: "st",
    ...extra,
  });
  return `${sb.origin}/${sb.tenantId}/oauth2/v2.0/authorize?${q}`;
}

async function redeem(code: string, extra: Record<string, string>) {
  const res = await sb.http.fetch(`${sb.authority}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: sb.clientId,
      client_secret: sb.clientSecret,
      code,
      redirect_uri: REDIRECT,
      ...extra,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("identity edge cases", () => {
  it("accepts plain PKCE and refuses a missing verifier with AADSTS501481", async () => {
    const verifier = crypto.randomBytes(32).toString("base64url");
    const plain = await consentInBrowser(authorizeUrl({ code_challenge: verifier, code_challenge_method: "plain" }));
    const ok = await redeem(plain.location!.searchParams.get("code")!, { code_verifier: verifier });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    expect(ok.body.refresh_token).toBeTruthy();
    const s256 = await consentInBrowser(
      authorizeUrl({
        code_challenge: crypto.createHash("sha256").update(verifier).digest("base64url"),
        code_challenge_method: "S256",
      }),
    );
    const missing = await redeem(s256.location!.searchParams.get("code")!, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error_codes).toEqual([501481]);
  });

  it("answers response_mode=form_post with a self-posting form", async () => {
    const r = await consentInBrowser(authorizeUrl({ response_mode: "form_post" }));
    expect(r.location).toBeUndefined();
    expect(r.html).toContain(`action="${REDIRECT}"`);
    expect(r.html).toMatch(/name="code" value="[^"]+"/);
    expect(r.html).toContain('name="state" value="st"');
  });

  it("works with the authority named by verified domain", async () => {
    const cca = sb.msalConfidentialClient({ authority: `${sb.authorityHost}/${sb.directory.tenant.domain}` });
    const r = await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    expect(r!.tenantId || sb.tenantId).toBe(sb.tenantId);
  });

  it("serves v1 metadata and refuses GET on the token endpoint", async () => {
    const v1 = (await (await sb.http.fetch(`${sb.authority}/.well-known/openid-configuration`)).json()) as Record<
      string,
      string
    >;
    expect(v1.issuer).toBe(`${sb.authorityHost}/${sb.tenantId}/`);
    const get = await sb.http.fetch(`${sb.authority}/oauth2/v2.0/token`);
    expect(get.status).toBe(400);
    expect(((await get.json()) as { error_codes: number[] }).error_codes).toEqual([900561]);
  });
});

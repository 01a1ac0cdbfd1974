// Authorization code flow through the real msal-node against a fresh sandbox tenant: the consent page
// driven over HTTP, PKCE + nonce, refresh rotation, revoked / idle refresh tokens, and the error paths.
import { CryptoProvider, type ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import type { DirectoryUser } from "../contracts";
import { consentInBrowser, startTestSandbox, type TestSandbox } from "../testing";
import { msalRejection, pkceAuthorizeUrl } from "./test-support";

const REDIRECT = "http://localhost:3999/integrations/redirect/int-1";
const SCOPES = ["openid", "offline_access", "Calendars.ReadWrite"];

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ redirectUris: [REDIRECT] });
});
afterAll(async () => {
  await sb.close();
});

/** The two users of the minimal tenant the test sandbox seeds. */
const people = (): [DirectoryUser, DirectoryUser] => {
  const [first, second] = sb.directory.users().filter((u) => u.kind === "user");
  return [must(first, "first user"), must(second, "second user")];
};

async function signIn(cca: ConfidentialClientApplication, upn: string) {
  const { url, verifier, nonce, state } = await pkceAuthorizeUrl(cca, SCOPES, REDIRECT);
  const r = await consentInBrowser(url, { user: upn });
  expect(r.status).toBe(302);
  return { code: r.location!.searchParams.get("code")!, location: r.location!, verifier, nonce, state, url };
}

/** The refresh token msal keeps in its cache (msal does not hand it out otherwise). */
function cachedRefreshToken(cca: ConfidentialClientApplication): string {
  const cache = JSON.parse(cca.getTokenCache().serialize()) as { RefreshToken: Record<string, { secret: string }> };
  return must(Object.values(cache.RefreshToken)[0], "a cached refresh token").secret;
}

describe("authorization code flow (msal-node)", () => {
  it("signs in through the consent page and redeems the code with PKCE and nonce", async () => {
    const cca = sb.msalConfidentialClient();
    const user = people()[0];
    const s = await signIn(cca, user.userPrincipalName);
    // The browser-facing page is plain http on the same port; the redirect carries code + state.
    expect(s.url.startsWith(`${sb.origin}/${sb.tenantId}/oauth2/v2.0/authorize?`)).toBe(true);
    expect(`${s.location.origin}${s.location.pathname}`).toBe(REDIRECT);
    expect(s.location.searchParams.get("state")).toBe(s.state);
    expect(s.location.searchParams.get("session_state")).toBeTruthy();

    const result = await cca.acquireTokenByCode({
      code: s.code,
      scopes: SCOPES,
      redirectUri: REDIRECT,
      codeVerifier: s.verifier,
      nonce: s.nonce,
    });
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      iss: `https://sts.windows.net/${sb.tenantId}/`,
      tid: sb.tenantId,
      oid: user.id,
      appid: sb.clientId,
      idtyp: "user",
      ver: "1.0",
    });
    expect(String(claims.scp).split(" ")).toContain("Calendars.ReadWrite");
    expect(claims.roles).toBeUndefined();
    const life = claims.exp! - claims.iat!;
    expect(life).toBeGreaterThanOrEqual(3600);
    expect(life).toBeLessThanOrEqual(5400);
    const expiresIn = (result.expiresOn!.getTime() - Date.now()) / 1000;
    expect(expiresIn).toBeGreaterThan(3500);
    expect(expiresIn).toBeLessThanOrEqual(3600);
    expect(result.idTokenClaims).toMatchObject({
      nonce: s.nonce,
      oid: user.id,
      tid: sb.tenantId,
      preferred_username: user.userPrincipalName,
    });
    expect(result.account?.username).toBe(user.userPrincipalName);

    // Codes are single use: AADSTS54005 on the second redemption.
    const again = await msalRejection(
      cca.acquireTokenByCode({ code: s.code, scopes: SCOPES, redirectUri: REDIRECT, codeVerifier: s.verifier }),
    );
    expect(again.errorCode).toBe("invalid_grant");
    expect(again.errorMessage).toContain("AADSTS54005");
  });

  it("rotates refresh tokens: the new one works, the old one is refused", async () => {
    const cca = sb.msalConfidentialClient();
    const user = people()[0];
    const s = await signIn(cca, user.userPrincipalName);
    const first = await cca.acquireTokenByCode({
      code: s.code,
      scopes: SCOPES,
      redirectUri: REDIRECT,
      codeVerifier: s.verifier,
      nonce: s.nonce,
    });
    const rt1 = cachedRefreshToken(cca);
    const second = await cca.acquireTokenSilent({
      account: first.account!,
      scopes: ["Calendars.ReadWrite"],
      forceRefresh: true,
    });
    expect(second.accessToken).not.toBe(first.accessToken);
    const rt2 = cachedRefreshToken(cca);
    expect(rt2).not.toBe(rt1);
    const old = await msalRejection(
      sb.msalConfidentialClient().acquireTokenByRefreshToken({ refreshToken: rt1, scopes: ["Calendars.ReadWrite"] }),
    );
    expect(old.errorCode).toBe("invalid_grant");
    const third = await sb
      .msalConfidentialClient()
      .acquireTokenByRefreshToken({ refreshToken: rt2, scopes: ["Calendars.ReadWrite"] });
    expect(decodeJwt(third!.accessToken).oid).toBe(user.id);
  });

  it("refuses a revoked refresh token with invalid_grant AADSTS50173, an idle one with AADSTS700082", async () => {
    const [adele, megan] = people();
    const ccaA = sb.msalConfidentialClient();
    const a = await signIn(ccaA, adele.userPrincipalName);
    const ra = await ccaA.acquireTokenByCode({
      code: a.code,
      scopes: SCOPES,
      redirectUri: REDIRECT,
      codeVerifier: a.verifier,
      nonce: a.nonce,
    });
    sb.directory.revokeRefreshTokens(adele.userPrincipalName);
    const revoked = await msalRejection(
      ccaA.acquireTokenSilent({ account: ra.account!, scopes: ["Calendars.ReadWrite"], forceRefresh: true }),
    );
    expect(revoked.errorCode).toBe("invalid_grant");
    expect(revoked.errorMessage).toContain("AADSTS50173");

    const ccaM = sb.msalConfidentialClient();
    const m = await signIn(ccaM, megan.userPrincipalName);
    const rm = await ccaM.acquireTokenByCode({
      code: m.code,
      scopes: SCOPES,
      redirectUri: REDIRECT,
      codeVerifier: m.verifier,
      nonce: m.nonce,
    });
    sb.directory.ageRefreshTokens(91, { userId: megan.id });
    const idle = await msalRejection(
      ccaM.acquireTokenSilent({ account: rm.account!, scopes: ["Calendars.ReadWrite"], forceRefresh: true }),
    );
    expect(idle.errorCode).toBe("invalid_grant");
    expect(idle.errorMessage).toContain("AADSTS700082");
  });

  it("refuses a wrong PKCE verifier with AADSTS50148", async () => {
    const cca = sb.msalConfidentialClient();
    const s = await signIn(cca, people()[0].userPrincipalName);
    const wrong = (await new CryptoProvider().generatePkceCodes()).verifier;
    const e = await msalRejection(
      cca.acquireTokenByCode({ code: s.code, scopes: SCOPES, redirectUri: REDIRECT, codeVerifier: wrong }),
    );
    expect(e.errorCode).toBe("invalid_grant");
    expect(e.errorMessage).toContain("AADSTS50148");
  });

  it("shows the AADSTS50011 page (no redirect) for an unregistered redirect URI", async () => {
    const url = await sb
      .msalConfidentialClient()
      .getAuthCodeUrl({ scopes: SCOPES, redirectUri: "http://localhost:3999/evil" });
    const r = await consentInBrowser(url);
    expect(r.location).toBeUndefined();
    expect(r.status).toBe(400);
    expect(r.html).toContain("AADSTS50011");
  });

  it("redirects with access_denied AADSTS65004 when the user cancels", async () => {
    const url = await sb
      .msalConfidentialClient()
      .getAuthCodeUrl({ scopes: SCOPES, redirectUri: REDIRECT, state: "s-1" });
    const r = await consentInBrowser(url, { action: "cancel" });
    expect(r.status).toBe(302);
    expect(r.location!.searchParams.get("error")).toBe("access_denied");
    expect(r.location!.searchParams.get("error_description")).toMatch(/^AADSTS65004:/);
    expect(r.location!.searchParams.get("state")).toBe("s-1");
  });

  it("answers prompt=none with login_required without a hint and consent_required without consent", async () => {
    const cca = sb.msalConfidentialClient();
    const noHint = await consentInBrowser(
      await cca.getAuthCodeUrl({ scopes: SCOPES, redirectUri: REDIRECT, prompt: "none" }),
    );
    expect(noHint.location!.searchParams.get("error")).toBe("login_required");
    const fresh = sb.directory.addUser({ alias: `nc-${Date.now()}`, displayName: "No Consent" });
    const noConsent = await consentInBrowser(
      await cca.getAuthCodeUrl({
        scopes: SCOPES,
        redirectUri: REDIRECT,
        prompt: "none",
        loginHint: fresh.userPrincipalName,
      }),
    );
    expect(noConsent.location!.searchParams.get("error")).toBe("consent_required");
    expect(noConsent.location!.searchParams.get("error_description")).toMatch(/^AADSTS65001:/);
  });
});

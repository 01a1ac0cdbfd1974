// Sign-in fidelity for the directory's lifecycle, through the real msal-node: any tenant user signs
// in (OIDC claims as Entra v2), a disabled user is stopped on the sign-in page and at refresh with
// AADSTS50057, a deleted one gets AADSTS50034, and an enabled-again user signs in again.
import type { AuthenticationResult, ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { consentInBrowser, startTestSandbox, type TestSandbox } from "../testing";
import { msalRejection, pkceAuthorizeUrl } from "./test-support";

const REDIRECT = "http://localhost:3999/integrations/redirect/people";
// What an employee's OIDC login plus "Synchronise my calendar" ask for.
const SCOPES = ["openid", "profile", "email", "offline_access", "Calendars.ReadWrite"];

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ redirectUris: [REDIRECT] });
});
afterAll(async () => {
  await sb.close();
});

const authorizeUrl = (cca: ConfidentialClientApplication) => pkceAuthorizeUrl(cca, SCOPES, REDIRECT);

/** Signs `upn` in through the consent page and redeems the code: msal's result (tokens cached in `cca`). */
async function signIn(cca: ConfidentialClientApplication, upn: string) {
  const a = await authorizeUrl(cca);
  const r = await consentInBrowser(a.url, { user: upn });
  const code = must(r.location?.searchParams.get("code"), `a code for ${upn}`);
  return cca.acquireTokenByCode({
    code,
    scopes: SCOPES,
    redirectUri: REDIRECT,
    codeVerifier: a.verifier,
    nonce: a.nonce,
  });
}

/** What a forced refresh of `signedIn`'s tokens is refused with. */
function refreshRefusal(cca: ConfidentialClientApplication, signedIn: AuthenticationResult) {
  return msalRejection(
    cca.acquireTokenSilent({
      account: must(signedIn.account, "account"),
      scopes: ["Calendars.ReadWrite"],
      forceRefresh: true,
    }),
  );
}

describe("sign-in of the tenant's people", () => {
  it("signs any user in with Entra v2 id-token claims; email only for a user with a mailbox", async () => {
    const joined = sb.directory.addUser({ alias: "new.starter", displayName: "New Starter" });
    const cca = sb.msalConfidentialClient();
    const r = await signIn(cca, joined.userPrincipalName);
    expect(decodeJwt(must(r.idToken, "id token"))).toMatchObject({
      oid: joined.id,
      tid: sb.tenantId,
      name: "New Starter",
      preferred_username: joined.userPrincipalName,
      email: joined.mail,
    });
    expect(decodeJwt(r.accessToken).scp).toContain("Calendars.ReadWrite");

    const unlicensed = sb.directory.addUser({ alias: "no.mailbox", displayName: "No Mailbox", mailbox: false });
    const r2 = await signIn(sb.msalConfidentialClient(), unlicensed.userPrincipalName);
    const claims = decodeJwt(must(r2.idToken, "id token"));
    expect(claims.preferred_username).toBe(unlicensed.userPrincipalName);
    expect(claims).not.toHaveProperty("email");
  });

  it("refuses a disabled user at refresh and on the sign-in page (AADSTS50057), and lets them in once enabled", async () => {
    const leaver = sb.directory.addUser({ alias: "leaver", displayName: "Lea Ver" });
    const cca = sb.msalConfidentialClient();
    const first = await signIn(cca, leaver.userPrincipalName);
    sb.directory.setAccountEnabled(leaver.id, false);

    const refresh = await refreshRefusal(cca, first);
    expect(refresh.errorCode).toBe("invalid_grant");
    expect(refresh.errorMessage).toContain("AADSTS50057");

    // The sign-in page stops them itself: no redirect back to the app.
    const page = await consentInBrowser((await authorizeUrl(cca)).url, { user: leaver.userPrincipalName });
    expect(page.location).toBeUndefined();
    expect(page.status).toBe(400);
    expect(page.html).toContain("AADSTS50057");

    sb.directory.setAccountEnabled(leaver.id, true);
    const back = await signIn(sb.msalConfidentialClient(), leaver.userPrincipalName);
    expect(decodeJwt(back.accessToken).oid).toBe(leaver.id);
  });

  it("refuses a deleted user's refresh token with AADSTS50034 and leaves them off the sign-in page", async () => {
    const gone = sb.directory.addUser({ alias: "gone", displayName: "Gone Away" });
    const cca = sb.msalConfidentialClient();
    const first = await signIn(cca, gone.userPrincipalName);
    sb.directory.softDeleteUser(gone.id);
    const refresh = await refreshRefusal(cca, first);
    expect(refresh.errorCode).toBe("invalid_grant");
    expect(refresh.errorMessage).toContain("AADSTS50034");
    await expect(consentInBrowser((await authorizeUrl(cca)).url, { user: gone.userPrincipalName })).rejects.toThrow(
      /lists no user/,
    );
  });
});

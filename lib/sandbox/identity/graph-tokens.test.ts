// Tokens from the identity half accepted (or refused) by the Graph half, through both real SDKs:
// delegated /me, app-only room calendar, no admin consent -> 403, tampered token -> 401.
import crypto from "node:crypto";
import { CryptoProvider } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { consentInBrowser, startTestSandbox, type TestSandbox } from "../testing";

const REDIRECT = "http://localhost:3999/integrations/redirect/int-3";
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ redirectUris: [REDIRECT] });
});
afterAll(async () => {
  await sb.close();
});

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { statusCode: number }).statusCode;
  }
}

describe("Graph accepts the sandbox's tokens", () => {
  it("answers /me for a delegated token from the auth-code flow", async () => {
    const cca = sb.msalConfidentialClient();
    const user = sb.directory.users().find((u) => u.kind === "user")!;
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const nonce = crypto.randomUUID();
    const scopes = ["openid", "offline_access", "User.Read", "Calendars.ReadWrite"];
    const url = await cca.getAuthCodeUrl({
      scopes,
      redirectUri: REDIRECT,
      codeChallenge: challenge,
      codeChallengeMethod: "S256",
      nonce,
      loginHint: user.userPrincipalName,
    });
    const r = await consentInBrowser(url);
    const result = await cca.acquireTokenByCode({
      code: r.location!.searchParams.get("code")!,
      scopes,
      redirectUri: REDIRECT,
      codeVerifier: verifier,
      nonce,
    });
    const me = (await sb
      .graphClient(() => Promise.resolve(result.accessToken))
      .api("/me")
      .get()) as { id: string; userPrincipalName: string };
    expect(me).toMatchObject({ id: user.id, userPrincipalName: user.userPrincipalName });
  });

  it("lets an app token with roles read a room calendar; without admin consent Graph answers 403", async () => {
    const room = sb.directory.users().find((u) => u.kind === "room")!;
    const path = `/users/${room.userPrincipalName}/events`;
    expect(
      await status(
        sb
          .graphClient(() => sb.appToken())
          .api(path)
          .get(),
      ),
    ).toBe(200);
    const { app, secretValue } = sb.directory.addApp({ displayName: "No consent", adminConsent: false });
    const cca = sb.msalConfidentialClient({ clientId: app.clientId, clientSecret: secretValue });
    const token = async () =>
      (await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] }))!.accessToken;
    expect(await status(sb.graphClient(token).api(path).get())).toBe(403);
  });

  it("refuses a tampered token with 401", async () => {
    const good = await sb.appToken();
    const [header, , signature] = good.split(".");
    const claims = decodeJwt(good);
    const forged = `${must(header, "JWT header")}.${Buffer.from(JSON.stringify({ ...claims, roles: ["Calendars.ReadWrite", "Mail.Send"] })).toString("base64url")}.${must(signature, "JWT signature")}`;
    expect(
      await status(
        sb
          .graphClient(() => Promise.resolve(forged))
          .api("/users")
          .get(),
      ),
    ).toBe(401);
  });
});

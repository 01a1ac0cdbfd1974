// Client credentials and client authentication through the real msal-node: roles with and without
// admin consent (granted on the admin consent page), wrong / expired / unknown credentials, error shape.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { consentInBrowser, startTestSandbox, type TestSandbox } from "../testing";
import { msalRejection } from "./test-support";

const DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
const DEFAULT = [DEFAULT_SCOPE];
const REDIRECT = "http://localhost:3999/integrations/redirect/int-2";
let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox({ redirectUris: [REDIRECT] });
});
afterAll(async () => {
  await sb.close();
});

function tokenUrl() {
  return `${sb.authority}/oauth2/v2.0/token`;
}

describe("client credentials (msal-node)", () => {
  it("issues an app-only token with roles when admin consent is granted", async () => {
    const r = await sb.msalConfidentialClient().acquireTokenByClientCredential({ scopes: DEFAULT });
    const claims = decodeJwt(r!.accessToken);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      iss: `https://sts.windows.net/${sb.tenantId}/`,
      tid: sb.tenantId,
      appid: sb.clientId,
      idtyp: "app",
      roles: ["Calendars.ReadWrite"],
    });
    expect(claims.scp).toBeUndefined();
    expect((r!.expiresOn!.getTime() - Date.now()) / 1000).toBeGreaterThan(3500);
  });

  it("issues a token without roles when admin consent is missing, and with roles after the admin consent page", async () => {
    const { app, secretValue } = sb.directory.addApp({
      displayName: "Unconsented",
      redirectUris: [REDIRECT],
      adminConsent: false,
    });
    const before = await sb
      .msalConfidentialClient({ clientId: app.clientId, clientSecret: secretValue })
      .acquireTokenByClientCredential({ scopes: DEFAULT });
    expect(decodeJwt(before!.accessToken).roles).toBeUndefined();

    const url = `${sb.origin}/${sb.tenantId}/v2.0/adminconsent?client_id=${app.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&state=xyz&scope=${encodeURIComponent(DEFAULT_SCOPE)}`;
    const cancelled = await consentInBrowser(url, { action: "cancel" });
    expect(cancelled.location!.searchParams.get("error")).toBe("access_denied");
    expect(cancelled.location!.searchParams.get("state")).toBe("xyz");
    expect(cancelled.location!.searchParams.get("tenant")).toBe(sb.tenantId);
    expect(cancelled.location!.searchParams.get("error_description")).toMatch(/^AADSTS65004:/);
    const accepted = await consentInBrowser(url);
    expect(accepted.status).toBe(302);
    expect(Object.fromEntries(accepted.location!.searchParams)).toMatchObject({
      admin_consent: "True",
      tenant: sb.tenantId,
      state: "xyz",
      scope: "https://graph.microsoft.com/Calendars.ReadWrite",
    });
    // A new client instance: msal would otherwise serve the cached role-less token.
    const after = await sb
      .msalConfidentialClient({ clientId: app.clientId, clientSecret: secretValue })
      .acquireTokenByClientCredential({ scopes: DEFAULT });
    expect(decodeJwt(after!.accessToken).roles).toEqual(["Calendars.ReadWrite"]);
  });

  it("refuses a wrong secret (and a pasted secret ID) with invalid_client AADSTS7000215", async () => {
    const wrong = await msalRejection(
      sb.msalConfidentialClient({ clientSecret: "not-the-secret" }).acquireTokenByClientCredential({ scopes: DEFAULT }),
    );
    expect(wrong.errorCode).toBe("invalid_client");
    expect(wrong.errorMessage).toContain("AADSTS7000215");
    const keyId = must(sb.directory.app(sb.clientId)?.secrets[0], "the seeded app's secret").keyId;
    const pastedId = await msalRejection(
      sb.msalConfidentialClient({ clientSecret: keyId }).acquireTokenByClientCredential({ scopes: DEFAULT }),
    );
    expect(pastedId.errorMessage).toContain("AADSTS7000215");
  });

  it("refuses an expired secret with AADSTS7000222 and an unknown client with AADSTS700016", async () => {
    const { app, secretValue } = sb.directory.addApp({ displayName: "Expiring", adminConsent: true });
    sb.directory.expireSecret(app.clientId);
    const expired = await msalRejection(
      sb
        .msalConfidentialClient({ clientId: app.clientId, clientSecret: secretValue })
        .acquireTokenByClientCredential({ scopes: DEFAULT }),
    );
    expect(expired.errorCode).toBe("invalid_client");
    expect(expired.errorMessage).toContain("AADSTS7000222");
    const fresh = sb.directory.addSecret(app.clientId);
    const ok = await sb
      .msalConfidentialClient({ clientId: app.clientId, clientSecret: fresh.value })
      .acquireTokenByClientCredential({ scopes: DEFAULT });
    expect(ok!.accessToken).toBeTruthy();
    const unknown = await msalRejection(
      sb
        .msalConfidentialClient({ clientId: "11111111-2222-4333-8444-555555555555" })
        .acquireTokenByClientCredential({ scopes: DEFAULT }),
    );
    expect(unknown.errorMessage).toContain("AADSTS700016");
  });

  it("answers errors in Microsoft's JSON shape and accepts client_secret_basic", async () => {
    const res = await sb.http.fetch(tokenUrl(), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "client-request-id": "4f1e0c5a-0000-4000-8000-000000000001",
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: sb.clientId,
        client_secret: "wrong",
        scope: DEFAULT_SCOPE,
      }),
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "correlation_id",
      "error",
      "error_codes",
      "error_description",
      "error_uri",
      "timestamp",
      "trace_id",
    ]);
    expect(body.error).toBe("invalid_client");
    expect(body.error_codes).toEqual([7000215]);
    expect(body.correlation_id).toBe("4f1e0c5a-0000-4000-8000-000000000001");
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(body.error_description).toMatch(
      /^AADSTS7000215: .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: 4f1e0c5a-.*\r\nTimestamp: /s,
    );

    const basic = Buffer.from(`${encodeURIComponent(sb.clientId)}:${encodeURIComponent(sb.clientSecret)}`).toString(
      "base64",
    );
    const ok = await sb.http.fetch(tokenUrl(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: DEFAULT_SCOPE }),
    });
    expect(ok.status).toBe(200);
    const tok = (await ok.json()) as Record<string, unknown>;
    expect(tok).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });

    const notDefault = await sb.http.fetch(tokenUrl(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: sb.clientId,
        client_secret: sb.clientSecret,
        scope: "Calendars.ReadWrite",
      }),
    });
    expect(((await notDefault.json()) as { error_codes: number[] }).error_codes).toEqual([1002012]);
  });
});

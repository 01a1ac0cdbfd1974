// Delegated tokens (auth code + PKCE through msal-node and the consent page) against Graph: /me works,
// other mailboxes answer 403, subscriptions only on the signed-in user's own mailbox.
import crypto from "node:crypto";
import { CryptoProvider } from "@azure/msal-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentInBrowser, startTestSandbox, type TestSandbox } from "@/lib/sandbox/testing";
import { must } from "@/lib/invariant";
import {
  type EventJson,
  type Hook,
  inHours,
  startHook,
  type SubscriptionJson,
  typedGraph,
  type UserJson,
} from "./test-support";

const REDIRECT = "http://localhost:3999/integrations/redirect/graph-tests";
const SCOPES = ["openid", "offline_access", "Calendars.ReadWrite"];

let sb: TestSandbox;
let hook: Hook;
beforeAll(async () => {
  sb = await startTestSandbox({ redirectUris: [REDIRECT] });
  hook = await startHook();
});
afterAll(async () => {
  await hook?.close();
  await sb?.close();
});

async function delegatedClient(upn: string) {
  const cca = sb.msalConfidentialClient();
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const nonce = crypto.randomUUID();
  const url = await cca.getAuthCodeUrl({
    scopes: SCOPES,
    redirectUri: REDIRECT,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state: "s",
    nonce,
  });
  const r = await consentInBrowser(url, { user: upn });
  const code = must(r.location?.searchParams.get("code"), "authorization code in the redirect");
  const result = await cca.acquireTokenByCode({
    code,
    scopes: SCOPES,
    redirectUri: REDIRECT,
    codeVerifier: verifier,
    nonce,
  });
  return typedGraph(sb.graphClient(() => Promise.resolve(result.accessToken)));
}

describe("delegated callers", () => {
  it("use /me, are refused other mailboxes, and subscribe only to their own", async () => {
    const people = sb.directory.users().filter((u) => u.kind === "user");
    const alice = must(people[0], "the seed's first user");
    const bob = must(people[1], "the seed's second user");
    const client = await delegatedClient(alice.userPrincipalName);
    const me = await client.api("/me").get<UserJson>();
    expect(me.id).toBe(alice.id);
    const ev = await client.api("/me/events").post<EventJson>({
      subject: "Mine",
      start: { dateTime: "2037-01-05T09:00:00", timeZone: "UTC" },
      end: { dateTime: "2037-01-05T10:00:00", timeZone: "UTC" },
    });
    expect((await client.api(`/users/${alice.userPrincipalName}/events/${ev.id}`).get<EventJson>()).subject).toBe(
      "Mine",
    );
    await expect(client.api(`/users/${bob.id}/events`).get()).rejects.toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
    });
    const sub = await client.api("/subscriptions").post<SubscriptionJson>({
      changeType: "created",
      notificationUrl: hook.url,
      resource: "me/events",
      expirationDateTime: inHours(2),
    });
    expect(sub.resource).toBe("me/events");
    await expect(
      client.api("/subscriptions").post({
        changeType: "created",
        notificationUrl: hook.url,
        resource: `/users/${bob.id}/events`,
        expirationDateTime: inHours(2),
      }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});

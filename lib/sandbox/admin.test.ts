// The control API and the identity-side person pages: run-time faults through HTTP, with msal-node
// seeing their effect; App registrations page forms, one-time secret display, escaping, CSRF guard.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { startTestSandbox, type TestSandbox } from "./testing";

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.close();
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${sb.origin}/_sandbox/api${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const DEFAULT = ["https://graph.microsoft.com/.default"];

/** What a rejected msal-node or Graph SDK call rejected with (msal: errorCode/errorMessage; Graph: statusCode/code/message). */
interface Refusal {
  errorCode?: string;
  errorMessage?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}
async function rejection(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (e) {
    return e as Refusal;
  }
  throw new Error("expected a rejection");
}

describe("control API", () => {
  it("adds and expires secrets, and msal sees AADSTS7000222", async () => {
    const created = (await (await api("POST", "/apps", { displayName: "Api app", adminConsent: true })).json()) as {
      clientId: string;
      secretText: string;
    };
    const ok = await sb
      .msalConfidentialClient({ clientId: created.clientId, clientSecret: created.secretText })
      .acquireTokenByClientCredential({ scopes: DEFAULT });
    expect(ok!.accessToken).toBeTruthy();
    expect((await api("POST", `/apps/${created.clientId}/secrets/expire`, {})).status).toBe(200);
    const expired = await rejection(
      sb
        .msalConfidentialClient({ clientId: created.clientId, clientSecret: created.secretText })
        .acquireTokenByClientCredential({ scopes: DEFAULT }),
    );
    expect(expired.errorCode).toBe("invalid_client");
    expect(expired.errorMessage).toContain("AADSTS7000222");
    const fresh = (await (
      await api("POST", `/apps/${created.clientId}/secrets`, { displayName: "rotated" })
    ).json()) as { secretText: string; keyId: string; hint: string };
    expect(fresh.secretText.startsWith(fresh.hint)).toBe(true);
    const state = (await (await api("GET", "/state")).json()) as {
      apps: { clientId: string; secrets: Record<string, unknown>[] }[];
    };
    const listed = state.apps.find((a) => a.clientId === created.clientId)!;
    // The state listing never carries secret values.
    expect(JSON.stringify(listed)).not.toContain(fresh.secretText);
    expect(listed.secrets.map((s) => s.expired)).toEqual([true, false]);
  });

  it("revokes admin consent (role-less token) and sets access policies the Graph half reads", async () => {
    const created = (await (await api("POST", "/apps", { displayName: "Policy app", adminConsent: true })).json()) as {
      clientId: string;
      secretText: string;
    };
    await api("DELETE", `/apps/${created.clientId}/admin-consent`, {});
    const r = await sb
      .msalConfidentialClient({ clientId: created.clientId, clientSecret: created.secretText })
      .acquireTokenByClientCredential({ scopes: DEFAULT });
    expect(decodeJwt(r!.accessToken).roles).toBeUndefined();

    const [room1, room2] = sb.directory.users().filter((u) => u.kind === "room");
    const r1 = must(room1, "first room");
    const r2 = must(room2, "second room");
    const put = await api("PUT", `/apps/${created.clientId}/access-policy`, {
      accessRight: "RestrictAccess",
      mailboxes: [r1.userPrincipalName],
    });
    expect(put.status).toBe(200);
    expect(sb.directory.appMayAccessMailbox(created.clientId, r1.id)).toBe(true);
    expect(sb.directory.appMayAccessMailbox(created.clientId, r2.id)).toBe(false);
    await api("PUT", `/apps/${created.clientId}/access-policy`, { accessRight: "DenyAccess", mailboxes: [r1.id] });
    expect(sb.directory.appMayAccessMailbox(created.clientId, r1.id)).toBe(false);
    expect(sb.directory.appMayAccessMailbox(created.clientId, r2.id)).toBe(true);
    await api("DELETE", `/apps/${created.clientId}/access-policy`, {});
    expect(sb.directory.appMayAccessMailbox(created.clientId, r1.id)).toBe(true);
  });

  it("patches room processing flags, refuses non-JSON writes, and 404s unknown apps", async () => {
    const room = sb.directory.users().find((u) => u.kind === "room")!;
    const res = await api("PATCH", `/rooms/${room.userPrincipalName}`, { addOrganizerToSubject: false });
    expect(((await res.json()) as { addOrganizerToSubject: boolean }).addOrganizerToSubject).toBe(false);
    const form = await fetch(`${sb.origin}/_sandbox/api/apps/${sb.clientId}/admin-consent`, {
      method: "DELETE",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect((await api("POST", "/apps/00000000-0000-4000-8000-000000000000/admin-consent", {})).status).toBe(404);
  });

  it("expires the access tokens issued so far: Graph answers 401 for them, tokens from validFrom on work", async () => {
    const cca = sb.msalConfidentialClient();
    const token = async (skipCache = false) =>
      (await cca.acquireTokenByClientCredential({ scopes: DEFAULT, skipCache }))!.accessToken;
    const old = await token();
    const room = sb.directory.users().find((u) => u.kind === "room")!;
    const read = (t: string) =>
      sb
        .graphClient(() => Promise.resolve(t))
        .api(`/users/${room.userPrincipalName}/events`)
        .get();
    await read(old);
    const { validFrom } = (await (await api("POST", "/access-tokens/expire", {})).json()) as { validFrom: string };
    const refused = await rejection(read(old));
    expect(refused).toMatchObject({ statusCode: 401, code: "InvalidAuthenticationToken" });
    expect(refused.message).toContain("expired");
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(validFrom) - Date.now() + 5)));
    const fresh = (await read(await token(true))) as { value?: unknown };
    expect(Array.isArray(fresh.value)).toBe(true);
  });
});

describe("App registrations page", () => {
  it("shows a new secret value once, escapes names, and refuses cross-site posts", async () => {
    sb.directory.addApp({ displayName: `<script>alert("x")</script>` });
    const html = await (await fetch(`${sb.origin}/apps`)).text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&#60;script&#62;");
    const created = await fetch(`${sb.origin}/apps/${sb.clientId}/secrets/new`, {
      method: "POST",
      body: new URLSearchParams({ displayName: "from page", months: "6" }),
    });
    const page = await created.text();
    const secret = sb.directory.app(sb.clientId)!.secrets.at(-1)!;
    expect(page).toContain(secret.value);
    expect(await (await fetch(`${sb.origin}/apps`)).text()).not.toContain(secret.value);

    const add = await fetch(`${sb.origin}/apps/${sb.clientId}/redirect-uris/add`, {
      method: "POST",
      body: new URLSearchParams({ uri: "http://localhost:3000/integrations/redirect/9" }),
      redirect: "manual",
    });
    expect(add.status).toBe(302);
    expect(sb.directory.app(sb.clientId)!.redirectUris).toContain("http://localhost:3000/integrations/redirect/9");
    const evil = await fetch(`${sb.origin}/apps/${sb.clientId}/consent/revoke`, {
      method: "POST",
      headers: { origin: "http://evil.example" },
      redirect: "manual",
    });
    expect(evil.status).toBe(403);
    expect(sb.directory.app(sb.clientId)!.adminConsent.granted).toBe(true);
  });
});

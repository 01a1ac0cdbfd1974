// /users/delta through the real Graph SDK with an app-only token from msal: a first round of 5,000
// people in pages of 200, then rounds with only what changed (a disable, a rename, soft delete,
// restore, permanent delete), $select / $filter rules, stale tokens, and the 403 without User.Read.All.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { startTestSandbox, type TestSandbox } from "@/lib/sandbox/testing";
import { type GraphClient, type Page, typedGraph } from "./test-support";

type Item = Record<string, unknown> & { id: string };

let sb: TestSandbox;
let client: GraphClient;
const SELECT = "displayName,mail,userPrincipalName,accountEnabled,department,jobTitle";

beforeAll(async () => {
  sb = await startTestSandbox();
  // As an admin would in Azure: add User.Read.All to the registration, then grant consent again.
  sb.directory.setApplicationPermissions(sb.clientId, ["Calendars.ReadWrite", "User.Read.All"]);
  sb.directory.grantAdminConsent(sb.clientId);
  client = typedGraph(sb.graphClient(() => sb.appToken()));
});
afterAll(async () => {
  await sb?.close();
});

/** Follows nextLinks to the deltaLink; every page has exactly one of the two. */
async function round(first: string): Promise<{ items: Item[]; pages: number; deltaLink: string }> {
  const items: Item[] = [];
  let url = first;
  for (let pages = 1; ; pages++) {
    const page = await client.api(url).get<Page<Item>>();
    items.push(...page.value);
    const next = page["@odata.nextLink"];
    const delta = page["@odata.deltaLink"];
    expect(Boolean(next) !== Boolean(delta)).toBe(true);
    if (delta) return { items, pages, deltaLink: delta };
    url = must(next, "nextLink");
  }
}

/** A rejected Graph SDK call's status, code and message. */
async function refusal(p: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { statusCode: number; code: string; message: string };
  }
  throw new Error("expected the call to be refused");
}

describe("/users/delta", () => {
  it("pages a first round of 5,000 people (rooms included) in pages of 200, then only what changed", async () => {
    sb.directory.addUsers(
      Array.from({ length: 4998 }, (_, i) => ({ alias: `person${i}`, displayName: `Person ${i}`, department: "Ops" })),
    );
    const everyone = sb.directory.users();
    expect(everyone.filter((u) => u.kind === "user")).toHaveLength(5000);
    const started = Date.now();
    const first = await round(`/users/delta?$select=${SELECT}`);
    const ms = Date.now() - started;
    console.info(`users/delta first round: ${first.items.length} objects in ${first.pages} pages, ${ms} ms`);
    expect(first.pages).toBe(Math.ceil(everyone.length / 200));
    expect(new Set(first.items.map((i) => i.id))).toEqual(new Set(everyone.map((u) => u.id)));
    // Rooms are users in Entra, with their accounts disabled: the app has to tell them apart.
    const room = must(
      first.items.find((i) => i.id === everyone.find((u) => u.kind === "room")?.id),
      "a room in the round",
    );
    expect(room.accountEnabled).toBe(false);
    const person = must(
      first.items.find((i) => i.userPrincipalName === `person7@${sb.directory.tenant.domain}`),
      "person7",
    );
    expect(person).toEqual({
      id: person.id,
      displayName: "Person 7",
      mail: `person7@${sb.directory.tenant.domain}`,
      userPrincipalName: `person7@${sb.directory.tenant.domain}`,
      accountEnabled: true,
      department: "Ops",
      jobTitle: null,
    });

    // Nothing changed: an empty page with a new delta link.
    const quiet = await round(first.deltaLink);
    expect(quiet).toMatchObject({ items: [], pages: 1 });

    // A leaver is disabled and another person renamed: each with id and only what changed.
    sb.directory.setAccountEnabled(person.id, false);
    const other = must(
      everyone.find((u) => u.userPrincipalName.startsWith("person8@")),
      "person8",
    );
    sb.directory.updateUser(other.id, { displayName: "Person Eight" });
    // A change to a property that is not selected lists nobody.
    sb.directory.updateUser(`person9@${sb.directory.tenant.domain}`, { displayName: "Person 9" });
    const changed = await round(quiet.deltaLink);
    expect(changed.items).toHaveLength(2);
    expect(changed.items).toContainEqual({ id: person.id, accountEnabled: false });
    expect(changed.items).toContainEqual({ id: other.id, displayName: "Person Eight" });
    // The old delta link still answers from where it was (tokens are not single use).
    expect((await round(quiet.deltaLink)).items).toHaveLength(2);
  }, 120_000);

  it("reports a soft delete as @removed changed, a restore in full, a permanent delete as @removed deleted", async () => {
    const a = sb.directory.addUser({ alias: "leaver", displayName: "Lea Ver", jobTitle: "Analyst" });
    const b = sb.directory.addUser({ alias: "gone", displayName: "Gone Forever" });
    const start = await round(`/users/delta?$select=${SELECT}&$filter=id eq '${a.id}' or id eq '${b.id}'`);
    expect(start.items.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());

    sb.directory.softDeleteUser(a.id);
    sb.directory.softDeleteUser(b.id);
    const deleted = await round(start.deltaLink);
    expect(deleted.items).toEqual(
      expect.arrayContaining([
        { id: a.id, "@removed": { reason: "changed" } },
        { id: b.id, "@removed": { reason: "changed" } },
      ]),
    );
    // Deleted users are gone from every other read.
    expect((await refusal(client.api(`/users/${a.id}`).get())).statusCode).toBe(404);

    sb.directory.restoreUser(a.id);
    sb.directory.purgeUser(b.id);
    const after = await round(deleted.deltaLink);
    expect(after.items).toHaveLength(2);
    expect(after.items).toContainEqual({
      id: a.id,
      displayName: "Lea Ver",
      mail: a.userPrincipalName,
      userPrincipalName: a.userPrincipalName,
      accountEnabled: true,
      department: null,
      jobTitle: "Analyst",
    });
    expect(after.items).toContainEqual({ id: b.id, "@removed": { reason: "deleted" } });
    expect(() => sb.directory.restoreUser(b.id)).toThrow();
  });

  it("keeps the id through a rename of name, UPN and mail", async () => {
    const u = sb.directory.addUser({ alias: "jan.jansen", displayName: "Jan Jansen" });
    const start = await round(`/users/delta?$select=${SELECT}&$filter=id eq '${u.id}'`);
    const domain = sb.directory.tenant.domain;
    sb.directory.updateUser(u.id, { displayName: "Jan de Vries", alias: "jan.devries", mail: `jan.devries@${domain}` });
    const renamed = await round(start.deltaLink);
    expect(renamed.items).toEqual([
      {
        id: u.id,
        displayName: "Jan de Vries",
        userPrincipalName: `jan.devries@${domain}`,
        mail: `jan.devries@${domain}`,
      },
    ]);
    expect((await client.api(`/users/jan.devries@${domain}`).get<Item>()).id).toBe(u.id);
    expect((await refusal(client.api(`/users/jan.jansen@${domain}`).get())).statusCode).toBe(404);
  });

  it("shows a user without a mailbox with mail null, and its calendar answers MailboxNotEnabledForRESTAPI", async () => {
    const u = sb.directory.addUser({ alias: "nolicence", displayName: "No Licence", mailbox: false });
    const r = await round(`/users/delta?$filter=id eq '${u.id}'`);
    // No $select: the default property set (accountEnabled is not in it).
    expect(r.items).toEqual([
      expect.objectContaining({ id: u.id, mail: null, userPrincipalName: u.userPrincipalName }),
    ]);
    expect(r.items[0]).not.toHaveProperty("accountEnabled");
    const err = await refusal(client.api(`/users/${u.id}/events`).get());
    expect(err).toMatchObject({ statusCode: 404, code: "MailboxNotEnabledForRESTAPI" });
  });

  it("refuses $filter other than id, unknown $select properties, and stale or tampered tokens", async () => {
    const f = await refusal(client.api(`/users/delta?$filter=startswith(displayName,'A')`).get());
    expect(f).toMatchObject({ statusCode: 400, code: "Request_UnsupportedQuery" });
    const s = await refusal(client.api(`/users/delta?$select=displayName,favouriteColour`).get());
    expect(s).toMatchObject({ statusCode: 400, code: "Request_BadRequest" });

    const u = sb.directory.addUser({ alias: "tokens", displayName: "Token Test" });
    const { deltaLink } = await round(`/users/microsoft.graph.delta?$filter=id eq '${u.id}'`);
    expect(deltaLink).toContain("/users/microsoft.graph.delta?$deltatoken=");
    const token = must(new URL(deltaLink).searchParams.get("$deltatoken"), "deltatoken");
    const tampered = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    const bad = await refusal(client.api(`/users/delta?$deltatoken=${tampered}`).get());
    expect(bad).toMatchObject({ statusCode: 400, code: "syncStateNotFound" });

    // "Sync from now": no data, a delta link that sees the next change.
    const now = await round(`/users/delta?$select=jobTitle&$deltatoken=latest&$filter=id eq '${u.id}'`);
    expect(now).toMatchObject({ items: [], pages: 1 });
    sb.directory.updateUser(u.id, { jobTitle: "Tester" });
    expect((await round(now.deltaLink)).items).toEqual([{ id: u.id, jobTitle: "Tester" }]);

    sb.directory.expireUsersDeltaTokens();
    await new Promise((r) => setTimeout(r, 5));
    const stale = await refusal(client.api(deltaLink).get());
    expect(stale).toMatchObject({ statusCode: 400, code: "syncStateNotFound" });
    // Starting over works.
    expect((await round(`/users/delta?$filter=id eq '${u.id}'`)).items).toHaveLength(1);
  });

  it("pages by the size the control API sets, and by a smaller Prefer: odata.maxpagesize", async () => {
    const ids = sb.directory
      .users()
      .slice(0, 5)
      .map((u) => u.id);
    const filter = ids.map((id) => `id eq '${id}'`).join(" or ");
    const set = await fetch(`${sb.origin}/_sandbox/api/users-delta/page-size`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ size: 2 }),
    });
    expect(set.status).toBe(200);
    try {
      const r = await round(`/users/delta?$filter=${filter}`);
      expect(r.pages).toBe(3);
      expect(r.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    } finally {
      sb.directory.deltaPageSize = 200;
    }
    const first = await client
      .api(`/users/delta?$filter=${filter}`)
      .header("Prefer", "odata.maxpagesize=4")
      .get<Page<Item>>();
    expect(first.value).toHaveLength(4);
    expect(first["@odata.nextLink"]).toBeDefined();
  });

  it("answers 403 Authorization_RequestDenied to an app token without User.Read.All", async () => {
    const { app, secretValue } = sb.directory.addApp({ displayName: "Calendars only", adminConsent: true });
    const cca = sb.msalConfidentialClient({ clientId: app.clientId, clientSecret: secretValue });
    const r = await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    const res = await sb.http.fetch(`${sb.authorityHost}/v1.0/users/delta`, {
      headers: { authorization: `Bearer ${must(r?.accessToken, "token")}` },
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe("Authorization_RequestDenied");
    expect(body.error.message).toBe("Insufficient privileges to complete the operation.");
    expect(Object.keys(body.error.innerError).sort()).toEqual(["client-request-id", "date", "request-id"]);
  });
});

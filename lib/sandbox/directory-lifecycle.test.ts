// The user lifecycle from the control API and the Users page (as a tenant admin drives it), the
// "Add a permission" path to User.Read.All, and persistence: a delta link taken before a restart
// still answers afterwards, and a state file from before the change log loads.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import type { DirectoryUser } from "./contracts";
import { createDirectory } from "./directory";
import { seedDirectory } from "./directory-seed";
import { startSandbox } from "./server";
import { startTestSandbox, trustingFetch, type TestSandbox } from "./testing";

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.close();
});

const api = async (method: string, p: string, body?: unknown) => {
  const res = await fetch(`${sb.origin}/_sandbox/api${p}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as DirectoryUser & { value?: DirectoryUser[]; error?: { message: string } },
  };
};
const post = (p: string, form: Record<string, string> = {}) =>
  fetch(`${sb.origin}${p}`, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  }).then((r) => r.text());

describe("user lifecycle from the control API", () => {
  it("adds, renames, disables, deletes, restores and purges a user, keeping its id", async () => {
    const created = await api("POST", "/users", {
      alias: "piet",
      displayName: "Piet Puk",
      department: "Sales",
      mailbox: false,
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ mail: "", accountEnabled: true, department: "Sales" });

    const renamed = await api("PATCH", `/users/${id}`, {
      displayName: "Piet de Puk",
      alias: "piet.puk",
      accountEnabled: false,
    });
    expect(renamed.body).toMatchObject({
      id,
      displayName: "Piet de Puk",
      userPrincipalName: `piet.puk@${sb.directory.tenant.domain}`,
      accountEnabled: false,
    });
    expect((await api("POST", `/users/piet.puk@${sb.directory.tenant.domain}/enable`)).body.accountEnabled).toBe(true);
    // No mailbox, so no address to set.
    expect((await api("PATCH", `/users/${id}`, { mail: `piet@${sb.directory.tenant.domain}` })).status).toBe(400);

    expect((await api("DELETE", `/users/${id}`)).body.deletedDateTime).toEqual(expect.any(String));
    expect(sb.directory.findUser(id)).toBeUndefined();
    expect((await api("GET", "/deleted-users")).body.value?.map((u) => u.id)).toEqual([id]);
    // A deleted user still holds its name.
    expect((await api("POST", "/users", { alias: "piet.puk", displayName: "Other Piet" })).status).toBe(400);
    expect((await api("POST", `/users/${id}/restore`)).body.deletedDateTime).toBeUndefined();
    expect(sb.directory.findUser(id)?.displayName).toBe("Piet de Puk");

    expect((await api("DELETE", `/users/${id}/permanent`)).body).toEqual({ id, deleted: true });
    expect((await api("GET", `/users/${id}`)).status).toBe(404);
    expect((await api("GET", "/deleted-users")).body.value).toEqual([]);
  });

  it("refuses to disable or delete a room mailbox as if it were a person", async () => {
    const room = must(
      sb.directory.users().find((u) => u.kind === "room"),
      "a room",
    );
    const r = await api("POST", `/users/${room.id}/disable`);
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toContain("room mailbox");
  });
});

describe("the Users page", () => {
  it("creates a user, blocks and deletes them, and restores them, each shown on the page", async () => {
    let html = await post("/users/new", { displayName: "Anna <Admin>", alias: "anna", department: "HR", mailbox: "1" });
    expect(html).toContain("Created anna@");
    // Escaped, never markup.
    expect(html).toContain("Anna &#60;Admin&#62;");
    expect(html).not.toContain("Anna <Admin>");
    const anna = must(sb.directory.findUser(`anna@${sb.directory.tenant.domain}`), "anna");
    html = await post(`/users/${anna.id}/disable`);
    expect(html).toContain("Sign-in blocked for anna@");
    expect(sb.directory.findUser(anna.id)?.accountEnabled).toBe(false);
    await post(`/users/${anna.id}/update`, {
      displayName: "Anna Admin",
      alias: "anna.admin",
      mail: anna.mail,
      department: "",
      jobTitle: "Lead",
    });
    expect(sb.directory.findUser(anna.id)).toMatchObject({
      displayName: "Anna Admin",
      jobTitle: "Lead",
      department: null,
    });
    html = await post(`/users/${anna.id}/delete`);
    expect(html).toContain("restorable for 30 days");
    expect(html).toMatch(/Deleted \d{4}-\d{2}-\d{2}/);
    html = await post(`/users/${anna.id}/restore`);
    expect(html).toContain("Restored anna.admin@");
    // Mistakes come back as a notice, not a crash.
    expect(await post("/users/new", { displayName: "Dup", alias: "anna.admin" })).toContain("Not done:");
  });

  it("adds User.Read.All to the app registration, not granted until admin consent is given again", async () => {
    const base = `/apps/${sb.clientId}`;
    await post(`${base}/permissions/add`, { permission: "User.Read.All" });
    const app = must(sb.directory.app(sb.clientId), "the app");
    expect(app.applicationPermissions).toContain("User.Read.All");
    expect(app.adminConsent.roles).not.toContain("User.Read.All");
    await post(`${base}/consent/grant`);
    expect(sb.directory.app(sb.clientId)?.adminConsent.roles).toContain("User.Read.All");
    expect(await post(`${base}/permissions/add`, { permission: "Mail.Send" })).toContain("Not done:");
    await post(`${base}/permissions/remove`, { permission: "User.Read.All" });
    expect(sb.directory.app(sb.clientId)?.adminConsent.roles).not.toContain("User.Read.All");
  });
});

describe("persistence", () => {
  it("answers a delta link taken before a restart, with the change made before it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-sandbox-people-"));
    try {
      const a = await startSandbox({ port: 0, stateDir: dir, seed: "minimal" });
      a.directory.setApplicationPermissions(a.clientId, ["Calendars.ReadWrite", "User.Read.All"]);
      a.directory.grantAdminConsent(a.clientId);
      const person = must(
        a.directory.users().find((u) => u.kind === "user"),
        "a person",
      );
      const http = trustingFetch(a.caPem);
      const get = async (url: string, handle = a) => {
        const token = await fetchToken(http, handle);
        const res = await http.fetch(url, { headers: { authorization: `Bearer ${token}` } });
        return (await res.json()) as { value: Record<string, unknown>[]; "@odata.deltaLink"?: string };
      };
      const first = await get(`${a.authorityHost}/v1.0/users/delta?$select=accountEnabled`);
      const deltaLink = must(first["@odata.deltaLink"], "deltaLink");
      a.directory.setAccountEnabled(person.id, false);
      await a.close();
      const b = await startSandbox({ port: 0, stateDir: dir, seed: "minimal" });
      const port = new URL(b.authorityHost).port;
      const next = await get(deltaLink.replace(/localhost:\d+/, `localhost:${port}`), b);
      expect(next.value).toEqual([{ id: person.id, accountEnabled: false }]);
      expect(b.directory.findUser(person.id)?.accountEnabled).toBe(false);
      await b.close();
      await http.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("loads a state file written before users had a lifecycle", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-sandbox-old-"));
    try {
      const file = path.join(dir, "directory.json");
      fs.writeFileSync(file, JSON.stringify(seedDirectory("minimal", []).state));
      const { directory } = createDirectory({ seed: "minimal", redirectUris: [], stateFile: file });
      const people = directory.users().filter((u) => u.kind === "user");
      expect(people).toHaveLength(2);
      expect(people.every((u) => u.accountEnabled === undefined)).toBe(true);
      const log = directory.changeLog();
      expect(log.users).toHaveLength(5);
      directory.softDeleteUser(must(people[0], "first").id);
      expect(directory.users().filter((u) => u.kind === "user")).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A client-credentials token for a sandbox handle's seeded app, over plain HTTP (no msal cache between restarts). */
async function fetchToken(
  http: ReturnType<typeof trustingFetch>,
  h: { authority: string; clientId: string; clientSecret: string },
): Promise<string> {
  const res = await http.fetch(`${h.authority}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: h.clientId,
      client_secret: h.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }).toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

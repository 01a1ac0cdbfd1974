import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { integrationRooms, problems, rooms } from "@/db/schema";
import { consentInBrowser } from "@/lib/sandbox/testing";
import { completeConsentRedirect, startConsent } from "./consent";
import { connect } from "./connect";
import { checkConnection, runRoomChecks, secretExpiry, webhookRoundTrip } from "./diagnostics";
import { getIntegration } from "./service";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "./test-support";
import { must } from "@/lib/invariant";

describe("secretExpiry", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  const at = (days: number) => new Date(now.getTime() + days * 86_400_000);
  it.each([
    [null, "unknown"],
    [at(90), "ok"],
    [at(29), "warn30"],
    [at(6), "warn7"],
    [at(0.5), "warn1"],
    [at(-1), "expired"],
  ] as const)("%s → %s", (date, level) => {
    expect(secretExpiry(date, now).level).toBe(level);
  });
});

describe.each(testDbKinds)("diagnostics against the sandbox (%s)", (kind) => {
  let w: IntegrationWorld;
  beforeAll(async () => {
    w = await integrationWorld(kind);
  });
  afterAll(() => w?.close());

  it("names the mailbox an access policy blocks, spots replaced subjects, and reports the token's roles", async () => {
    const i = await sandboxIntegration(w, "application");
    const consent = await consentInBrowser(await startConsent(i.id, w.admin));
    await completeConsentRedirect(i.id, must(consent.location, "consent redirect").searchParams, w.admin.id);
    await connect(i.id, w.admin);
    const roomMailboxes = w.sb.directory.users().filter((u) => u.kind === "room");
    const allowed = must(roomMailboxes[0], "a room mailbox");
    const blocked = must(roomMailboxes[1], "a second room mailbox");
    const organizer = must(
      w.sb.directory.users().find((u) => u.kind === "user"),
      "a user mailbox",
    );
    // A meeting booked by inviting the room: the room copy's subject becomes the organizer's name by default.
    const client = w.sb.graphClient(() => w.sb.appToken());
    const start = new Date(Date.now() + 86_400_000);
    await client.api(`/users/${organizer.userPrincipalName}/events`).post({
      subject: "Quarterly review",
      start: { dateTime: start.toISOString().slice(0, 19), timeZone: "UTC" },
      end: { dateTime: new Date(start.getTime() + 3600_000).toISOString().slice(0, 19), timeZone: "UTC" },
      attendees: [
        { type: "resource", emailAddress: { address: allowed.userPrincipalName, name: allowed.displayName } },
      ],
    });
    await new Promise((r) => setTimeout(r, 200));
    const [r1, r2] = await w.t.db
      .insert(rooms)
      .values([
        { name: `Diag A ${i.id.slice(0, 5)}`, capacity: 6 },
        { name: `Diag B ${i.id.slice(0, 5)}`, capacity: 6 },
      ])
      .returning();
    await w.t.db.insert(integrationRooms).values([
      { integrationId: i.id, roomId: must(r1, "room A").id, mailboxUpn: allowed.userPrincipalName },
      { integrationId: i.id, roomId: must(r2, "room B").id, mailboxUpn: blocked.userPrincipalName },
    ]);
    w.sb.directory.setAccessPolicy(w.sb.clientId, {
      accessRight: "RestrictAccess",
      mailboxes: [allowed.userPrincipalName],
    });
    try {
      const fresh = await getIntegration(i.id);
      expect(await checkConnection(fresh)).toMatchObject({ ok: true, permissions: ["Calendars.ReadWrite"] });
      const results = await runRoomChecks(fresh);
      expect(results.find((r) => r.mailbox === blocked.userPrincipalName)).toMatchObject({
        ok: false,
        advice: "mailbox_access_denied",
        graphCode: "ErrorAccessDenied",
      });
      expect(results.find((r) => r.mailbox === allowed.userPrincipalName)).toMatchObject({
        ok: true,
        subjectReplaced: true,
      });
      const open = await w.t.db.select().from(problems).where(eq(problems.integrationId, i.id));
      expect(open.map((p) => [p.kind, p.subject]).sort()).toEqual(
        [
          ["mailbox_access_denied", blocked.userPrincipalName],
          ["subject_replaced", allowed.userPrincipalName],
        ].sort(),
      );
      expect(
        must(
          open.find((p) => p.kind === "subject_replaced"),
          "the subject_replaced problem",
        ).advice,
      ).toContain("-AddOrganizerToSubject $false -DeleteSubject $false");
    } finally {
      w.sb.directory.setAccessPolicy(w.sb.clientId, null);
    }
  });

  it("webhook round trip: a correct echo passes, an HTML echo fails", async () => {
    const serve = (contentType: string) =>
      new Promise<{ url: string; close: () => void }>((resolve) => {
        const s = http.createServer((req, res) => {
          const token = new URL(req.url ?? "/", "http://x").searchParams.get("validationToken") ?? "";
          res.writeHead(200, { "content-type": contentType }).end(token);
        });
        s.listen(0, "127.0.0.1", () =>
          resolve({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => s.close() }),
        );
      });
    const good = await serve("text/plain; charset=utf-8");
    const bad = await serve("text/html");
    try {
      expect((await webhookRoundTrip("x", good.url)).ok).toBe(true);
      const refused = await webhookRoundTrip("x", bad.url);
      expect(refused.ok).toBe(false);
      expect(refused.detail).toContain("text/html");
    } finally {
      good.close();
      bad.close();
    }
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { integrationRooms, problems, rooms, subscriptions } from "@/db/schema";
import { ensureStatuses } from "@/lib/bookings/test-fixtures";
import { consentInBrowser } from "@/lib/sandbox/testing";
import { completeConsentRedirect, startConsent } from "./consent";
import { connect } from "./connect";
import { saveInbound } from "./config";
import { activate, deactivate, deleteIntegration } from "./lifecycle";
import { getIntegration } from "./service";
import {
  findSubscriptionByGraphId,
  reauthorizeSubscription,
  renewSubscription,
  touchSubscriptions,
  verifyClientState,
} from "./subscriptions";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "./test-support";
import { must } from "@/lib/invariant";

/** Stands in for the webhook routes: answers Graph's validation handshake (200 text/plain token). */
function listener(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const token = new URL(req.url ?? "/", "http://x").searchParams.get("validationToken");
    req.resume();
    if (token !== null) {
      res.writeHead(200, { "content-type": "text/plain" }).end(token);
      return;
    }
    res.writeHead(202).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

describe.each(testDbKinds)("activation against the sandbox (%s)", (kind) => {
  let w: IntegrationWorld;
  let hook: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    w = await integrationWorld(kind);
    hook = await listener();
  });
  afterAll(async () => {
    await hook?.close();
    await w?.close();
  });

  async function application(): Promise<string> {
    const i = await sandboxIntegration(w, "application");
    const consent = await consentInBrowser(await startConsent(i.id, w.admin));
    await completeConsentRedirect(i.id, must(consent.location, "consent redirect").searchParams, w.admin.id);
    expect(await connect(i.id, w.admin)).toMatchObject({ ok: true });
    return i.id;
  }

  it("refuses to activate with nothing to subscribe to, saying what to map (not an unknown failure)", async () => {
    const id = await application();
    await expect(activate({ id: w.admin.id }, id, { baseUrl: hook.url })).rejects.toMatchObject({
      advice: "no_rooms_mapped",
    });
    const d = await sandboxIntegration(w, "delegated");
    const consent = await consentInBrowser(await startConsent(d.id, w.admin));
    await completeConsentRedirect(d.id, must(consent.location, "consent redirect").searchParams, w.admin.id);
    expect(await connect(d.id, w.admin)).toMatchObject({ ok: true });
    await expect(activate({ id: w.admin.id }, d.id, { baseUrl: hook.url })).rejects.toMatchObject({
      advice: "no_inbound_room",
    });
    expect((await getIntegration(id)).state).toBe("connected");
  });

  it("application: one subscription per mapped room; a room blocked by an access policy is named", async () => {
    const id = await application();
    const roomMailboxes = w.sb.directory.users().filter((u) => u.kind === "room");
    expect(roomMailboxes.length).toBeGreaterThanOrEqual(3);
    const mailbox = (n: number) => must(roomMailboxes[n], `room mailbox ${n}`).userPrincipalName;
    const created = await w.t.db
      .insert(rooms)
      .values(roomMailboxes.slice(0, 3).map((r, n) => ({ name: `Room ${n} ${id.slice(0, 4)}`, capacity: 8 })))
      .returning();
    await w.t.db
      .insert(integrationRooms)
      .values(created.map((r, n) => ({ integrationId: id, roomId: r.id, mailboxUpn: mailbox(n) })));
    const blocked = mailbox(2);
    w.sb.directory.setAccessPolicy(w.sb.clientId, {
      accessRight: "RestrictAccess",
      mailboxes: [mailbox(0), mailbox(1)],
    });
    try {
      const r = await activate({ id: w.admin.id }, id, { baseUrl: hook.url });
      expect(r.created).toBe(2);
      expect(r.failed).toEqual([expect.objectContaining({ mailbox: blocked, advice: "mailbox_access_denied" })]);
      const subs = await w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, id));
      expect(subs.map((s) => s.resource).sort()).toEqual(
        [`users/${mailbox(0)}/events`, `users/${mailbox(1)}/events`].sort(),
      );
      const [first, second] = subs;
      expect(must(first, "first subscription").clientStateSealed).not.toHaveLength(0);
      expect(verifyClientState(must(first, "first subscription"), "wrong")).toBe(false);
      const [problem] = await w.t.db.select().from(problems).where(eq(problems.integrationId, id));
      expect(problem).toMatchObject({ kind: "subscription_failed", subject: blocked });
      expect((await getIntegration(id)).state).toBe("needs_attention");
      const [blockedRow] = await w.t.db.select().from(integrationRooms).where(eq(integrationRooms.mailboxUpn, blocked));
      expect(must(blockedRow, "blocked room's mapping").accessStatus).toBe("ErrorAccessDenied");

      // Renew pushes the expiry; deactivate removes them on Graph and here.
      const renewed = must(
        await renewSubscription(await getIntegration(id), must(first, "first subscription")),
        "renewed subscription",
      );
      expect(renewed.lastRenewedAt).toBeTruthy();
      const reauthorized = await reauthorizeSubscription(await getIntegration(id), renewed);
      expect(reauthorized?.graphId).toBe(renewed.graphId);
      const touched = must(second, "second subscription").graphId;
      await touchSubscriptions([touched]);
      expect(must(await findSubscriptionByGraphId(touched), "touched subscription").lastNotificationAt).toBeInstanceOf(
        Date,
      );
      await deactivate({ id: w.admin.id }, id);
      expect(await w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, id))).toEqual([]);
      expect((await getIntegration(id)).state).toBe("connected");
    } finally {
      w.sb.directory.setAccessPolicy(w.sb.clientId, null);
    }
  });

  it("delegated: one subscription on me/events, whatever room mailboxes it invites; delete removes it first", async () => {
    const i = await sandboxIntegration(w, "delegated");
    const consent = await consentInBrowser(await startConsent(i.id, w.admin));
    await completeConsentRedirect(i.id, must(consent.location, "consent redirect").searchParams, w.admin.id);
    expect(await connect(i.id, w.admin)).toMatchObject({ ok: true });
    const [room, other] = await w.t.db
      .insert(rooms)
      .values([
        { name: `Delegated ${i.id.slice(0, 6)}`, capacity: 4 },
        { name: `Invited ${i.id.slice(0, 6)}`, capacity: 4 },
      ])
      .returning();
    const st = (await ensureStatuses(w.t.db)).confirmed;
    // The inbound screen's save, with a room mailbox the service account's events invite.
    const upn = must(
      w.sb.directory.users().find((u) => u.kind === "room"),
      "a room mailbox",
    ).userPrincipalName;
    await saveInbound(
      { id: w.admin.id, name: w.admin.name },
      {
        id: i.id,
        mode: "delegated",
        inboundRoomId: must(room, "the inbound room").id,
        rooms: [{ mailboxUpn: upn, roomId: must(other, "the invited room").id }],
        inboundStatusId: st.id,
        inboundStatusWithCustomerId: "",
        lockUpdateStatusIds: [],
        lockDeleteStatusIds: [],
        allowBookingUpdate: true,
        ignoreValidationOnUpdate: false,
      },
    );
    expect(
      await w.t.db
        .select({ upn: integrationRooms.mailboxUpn, roomId: integrationRooms.roomId })
        .from(integrationRooms)
        .where(eq(integrationRooms.integrationId, i.id)),
    ).toEqual([{ upn, roomId: must(other, "the invited room").id }]);
    const r = await activate({ id: w.admin.id }, i.id, { baseUrl: hook.url });
    expect(r).toEqual({ created: 1, existing: 0, failed: [] });
    const [row] = await w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, i.id));
    const sub = must(row, "the delegated subscription");
    expect(sub.resource).toBe("me/events");
    expect((await getIntegration(i.id)).state).toBe("active");
    await deleteIntegration({ id: w.admin.id }, i.id);
    expect(await w.t.db.select().from(subscriptions).where(eq(subscriptions.graphId, sub.graphId))).toEqual([]);
  });
});

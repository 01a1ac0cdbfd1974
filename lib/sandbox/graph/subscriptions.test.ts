// Subscriptions through graph-client against real local HTTP listeners: the validation handshake
// (good and wrong echo), notifications with clientState, retries after a 500, lifecycle events, limits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EventJson,
  type Fixture,
  firstNotification,
  type Hook,
  inHours,
  type Page,
  startFixture,
  startHook,
  type SubscriptionJson,
  waitFor,
} from "./test-support";

let f: Fixture;
const hooks: Hook[] = [];
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  for (const h of hooks) await h.close();
  await f?.sb.close();
});

async function hook(reply?: Parameters<typeof startHook>[0]) {
  const h = await startHook(reply);
  hooks.push(h);
  return h;
}

const slot = {
  start: { dateTime: "2035-05-05T10:00:00", timeZone: "UTC" },
  end: { dateTime: "2035-05-05T11:00:00", timeZone: "UTC" },
};

describe("subscriptions", () => {
  it("creates after a correct echo and delivers notifications with clientState", async () => {
    const h = await hook();
    const u = f.users[0];
    const sub = await f.client.api("/subscriptions").post<SubscriptionJson>({
      changeType: "created,updated,deleted",
      notificationUrl: h.url,
      resource: `/users/${u.id}/events`,
      expirationDateTime: inHours(48),
      clientState: "s3cret-state",
    });
    expect(sub.id).toBeTruthy();
    expect(h.calls[0]?.url.searchParams.get("validationToken")).toBeTruthy();
    const ev = await f.client.api(`/users/${u.id}/events`).post<EventJson>({ subject: "Notify me", ...slot });
    const call = await waitFor(() => h.calls.find((c) => c.json?.value?.length));
    const n = firstNotification(call);
    expect(n).toMatchObject({
      subscriptionId: sub.id,
      changeType: "created",
      clientState: "s3cret-state",
      tenantId: f.sb.tenantId,
    });
    expect(n.resourceData).toMatchObject({
      "@odata.type": "#Microsoft.Graph.Event",
      id: ev.id,
      "@odata.etag": `W/"${ev.changeKey}"`,
    });
    expect(n.resource).toBe(`Users/${u.id}/Events/${ev.id}`);

    const renewed = await f.client
      .api(`/subscriptions/${sub.id}`)
      .patch<SubscriptionJson>({ expirationDateTime: inHours(60) });
    expect(Date.parse(renewed.expirationDateTime)).toBeGreaterThan(Date.parse(sub.expirationDateTime));
    const list = await f.client.api("/subscriptions").get<Page<SubscriptionJson>>();
    expect(list.value.map((s) => s.id)).toContain(sub.id);
    await f.client.api(`/subscriptions/${sub.id}`).delete();
    await expect(f.client.api(`/subscriptions/${sub.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("refuses creation when the endpoint echoes the wrong token or answers non-200", async () => {
    const wrong = await hook((u) =>
      u.searchParams.has("validationToken") ? { status: 200, body: "nope" } : undefined,
    );
    await expect(
      f.client.api("/subscriptions").post({
        changeType: "created",
        notificationUrl: wrong.url,
        resource: `/users/${f.users[0].id}/events`,
        expirationDateTime: inHours(1),
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: "ValidationError" });
    const err = await hook((u) => (u.searchParams.has("validationToken") ? { status: 500 } : undefined));
    await expect(
      f.client.api("/subscriptions").post({
        changeType: "created",
        notificationUrl: err.url,
        resource: `/users/${f.users[0].id}/events`,
        expirationDateTime: inHours(1),
      }),
    ).rejects.toMatchObject({ statusCode: 400, code: "ValidationError" });
    const ok = await hook();
    await expect(
      f.client.api("/subscriptions").post({
        changeType: "created",
        notificationUrl: ok.url,
        resource: `/users/${f.users[0].id}/events`,
        expirationDateTime: inHours(80),
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it("retries a delivery answered 500 (back-off scaled by timeScale)", async () => {
    let notifications = 0;
    const h = await hook((u) =>
      u.searchParams.has("validationToken") ? undefined : ++notifications === 1 ? { status: 500 } : undefined,
    );
    const u = f.users[1];
    await f.client.api("/subscriptions").post({
      changeType: "created",
      notificationUrl: h.url,
      resource: `/users/${u.id}/events`,
      expirationDateTime: inHours(10),
      clientState: "x",
    });
    await f.client.api(`/users/${u.id}/events`).post({ subject: "Retry me", ...slot });
    // The hook counts a request before the sandbox logs its answer: wait for the log itself.
    const changes = () => f.graph.deliveryLog().filter((e) => e.url === h.url && e.kind === "change");
    await waitFor(() => notifications >= 2 && changes().length >= 2);
    const log = changes();
    expect(log.map((e) => e.status)).toEqual([500, 202]);
    expect(log[0]?.outcome).toBe("retrying");
    expect(log[1]).toMatchObject({ attempt: 2, outcome: "delivered" });
  });

  it("sends lifecycle events to the lifecycleNotificationUrl", async () => {
    const h = await hook();
    const life = await hook();
    const sub = await f.client.api("/subscriptions").post<SubscriptionJson>({
      changeType: "updated",
      notificationUrl: h.url,
      lifecycleNotificationUrl: life.url,
      resource: `/users/${f.users[0].id}/events`,
      expirationDateTime: inHours(30),
      clientState: "life",
    });
    expect(life.calls).toHaveLength(1); // its own validation handshake
    await expect(
      f.client.api(`/subscriptions/${sub.id}`).patch({ lifecycleNotificationUrl: life.url }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(f.graph.sendLifecycleEvent(sub.id, "missed")).toBe(true);
    const c = await waitFor(() => life.calls.find((x) => x.json?.value?.length));
    expect(firstNotification(c)).toMatchObject({
      subscriptionId: sub.id,
      lifecycleEvent: "missed",
      clientState: "life",
    });
    f.graph.sendLifecycleEvent(sub.id, "subscriptionRemoved");
    await waitFor(
      () => life.calls.filter((x) => x.json?.value?.[0]?.lifecycleEvent === "subscriptionRemoved").length === 1,
    );
    await expect(f.client.api(`/subscriptions/${sub.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("sends reauthorizationRequired when expiry is near", async () => {
    const h = await hook();
    const life = await hook();
    const sub = await f.client.api("/subscriptions").post<SubscriptionJson>({
      changeType: "created",
      notificationUrl: h.url,
      lifecycleNotificationUrl: life.url,
      resource: `/users/${f.users[1].id}/events`,
      expirationDateTime: inHours(0.5),
    });
    const c = await waitFor(() =>
      life.calls.find((x) => x.json?.value?.[0]?.lifecycleEvent === "reauthorizationRequired"),
    );
    expect(firstNotification(c).subscriptionId).toBe(sub.id);
    await f.client.api(`/subscriptions/${sub.id}/reauthorize`).post({});
  });

  it("drops notifications while the drop fault is on and announces a missed lifecycle event", async () => {
    const h = await hook();
    const life = await hook();
    const u = f.users[0];
    const sub = await f.client.api("/subscriptions").post<SubscriptionJson>({
      changeType: "created",
      notificationUrl: h.url,
      lifecycleNotificationUrl: life.url,
      resource: `/users/${u.id}/events`,
      expirationDateTime: inHours(3),
    });
    f.graph.setFaults({ dropNotificationsRate: 1 });
    try {
      await f.client.api(`/users/${u.id}/events`).post({ subject: "Lost", ...slot });
      await waitFor(() => f.graph.deliveryLog().some((e) => e.url === h.url && e.outcome === "dropped"));
      await f.graph.deliveriesIdle();
      expect(h.calls.filter((c) => c.json)).toHaveLength(0);
      const missed = await waitFor(() => life.calls.find((c) => c.json?.value?.[0]?.lifecycleEvent === "missed"));
      expect(firstNotification(missed).subscriptionId).toBe(sub.id);
    } finally {
      f.graph.setFaults({ dropNotificationsRate: 0 });
    }
  });
});

// $batch, throttling and authorization through graph-client: 424 on a failed dependency, 21 requests
// refused, 429 + Retry-After under 5 concurrent calls, access-policy 403, app token without roles 403.
import { type GraphError, RetryHandlerOptions } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { must } from "@/lib/invariant";
import { type EventJson, type Fixture, type Page, startFixture } from "./test-support";

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.sb.close();
});

const noRetry = [new RetryHandlerOptions(0, 0, () => false)];
/** The answer to a $batch: one response per request, in any order, each with its id. */
interface BatchJson {
  responses: { id: string; status: number; body?: unknown }[];
}

const slot = {
  start: { dateTime: "2036-01-01T10:00:00", timeZone: "UTC" },
  end: { dateTime: "2036-01-01T11:00:00", timeZone: "UTC" },
};

describe("$batch", () => {
  it("answers per request and 424 for a failed dependency", async () => {
    const u = f.users[0].id;
    const res = await f.client.api("/$batch").post<BatchJson>({
      requests: [
        { id: "1", method: "GET", url: `/users/${u}/events/AAMkAGdoesnotexist` },
        {
          id: "2",
          method: "POST",
          url: `/users/${u}/events`,
          headers: { "Content-Type": "application/json" },
          body: { subject: "after 1", ...slot },
          dependsOn: ["1"],
        },
        {
          id: "3",
          method: "POST",
          url: `/users/${u}/events`,
          headers: { "Content-Type": "application/json" },
          body: { subject: "independent", ...slot },
        },
        {
          id: "4",
          method: "GET",
          url: `/users/${u}/calendarView?startDateTime=2036-01-01T00:00:00Z&endDateTime=2036-01-02T00:00:00Z`,
          dependsOn: ["3"],
        },
      ],
    });
    const by = (id: string) =>
      must(
        res.responses.find((r) => r.id === id),
        `the answer to request ${id}`,
      );
    expect(by("1").status).toBe(404);
    expect(by("2").status).toBe(424);
    expect(by("3").status).toBe(201);
    expect((by("3").body as EventJson).subject).toBe("independent");
    expect(by("4").status).toBe(200);
    expect((by("4").body as Page<EventJson>).value.map((e) => e.subject)).toEqual(["independent"]);
  });

  it("refuses request ids that repeat, compared case-insensitively, with Graph's message", async () => {
    const u = f.users[0].id;
    await expect(
      f.client.api("/$batch").post({
        requests: [
          { id: "a", method: "GET", url: `/users/${u}/events` },
          { id: "A", method: "GET", url: `/users/${u}/calendar` },
        ],
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "BadRequest",
      message: "Request Id A has to be unique in a batch.",
    });
  });

  it("runs at most 4 requests of a batch against one mailbox at a time and queues the rest instead of answering 429", async () => {
    f.graph.setFaults({ latencyMs: 120 });
    try {
      const [a, b] = [f.users[0], f.users[1]];
      // 8 for one mailbox (by id and by UPN: the same mailbox) and 2 for another.
      const requests = [
        ...Array.from({ length: 8 }, (_, i) => ({
          id: `a${i}`,
          method: "GET",
          url: `/users/${i % 2 ? a.upn : a.id}/events?$top=1`,
        })),
        ...Array.from({ length: 2 }, (_, i) => ({ id: `b${i}`, method: "GET", url: `/users/${b.id}/calendar` })),
      ];
      const t0 = Date.now();
      const res = await f.client.api("/$batch").middlewareOptions(noRetry).post<BatchJson>({ requests });
      const ms = Date.now() - t0;
      expect(res.responses.map((r) => r.status)).toEqual(Array(10).fill(200));
      // Two rounds of 4 for the first mailbox: at least two latencies, not one (all 10 at once) and not ten (serial).
      expect(ms).toBeGreaterThanOrEqual(2 * 120);
      expect(ms).toBeLessThan(6 * 120);
    } finally {
      f.graph.setFaults({ latencyMs: 0 });
    }
  });

  it("refuses more than 20 requests", async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: "GET",
      url: `/users/${f.users[0].id}/events`,
    }));
    await expect(f.client.api("/$batch").post({ requests })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe("throttling and faults", () => {
  it("answers 429 ApplicationThrottled with Retry-After beyond 4 concurrent requests per mailbox", async () => {
    f.graph.setFaults({ latencyMs: 150 });
    try {
      const u = f.users[1].id;
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => f.client.api(`/users/${u}/events`).middlewareOptions(noRetry).get()),
      );
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(rejected.length).toBeGreaterThanOrEqual(1);
      const throttled = must(rejected[0], "a refused request").reason as GraphError;
      expect(throttled).toMatchObject({ statusCode: 429, code: "ApplicationThrottled" });
      expect(Number(throttled.headers?.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(results.filter((r) => r.status === "fulfilled").length).toBe(4);
    } finally {
      f.graph.setFaults({ latencyMs: 0 });
    }
  });

  it("injects 503 and forced 403 on demand", async () => {
    const u = f.users[0];
    f.graph.setFaults({ rate503: 1 });
    await expect(f.client.api(`/users/${u.id}/events`).middlewareOptions(noRetry).get()).rejects.toMatchObject({
      statusCode: 503,
    });
    f.graph.setFaults({ rate503: 0, forbiddenMailboxes: [u.upn] });
    await expect(f.client.api(`/users/${u.id}/events`).get()).rejects.toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
    });
    f.graph.setFaults({ forbiddenMailboxes: [] });
    await f.client.api(`/users/${u.id}/events`).get();
  });
});

describe("authorization", () => {
  it("answers 403 with the access-policy message for mailboxes outside the policy", async () => {
    f.sb.directory.setAccessPolicy(f.sb.clientId, { accessRight: "RestrictAccess", mailboxes: [f.users[0].id] });
    try {
      await f.client.api(`/users/${f.users[0].id}/events`).get();
      await expect(f.client.api(`/users/${f.users[1].id}/events`).get()).rejects.toMatchObject({
        statusCode: 403,
        code: "ErrorAccessDenied",
        message: expect.stringContaining("AccessPolicy") as unknown,
      });
    } finally {
      f.sb.directory.setAccessPolicy(f.sb.clientId, null);
    }
  });

  it("answers 403 ErrorAccessDenied to an app token without roles (no admin consent)", async () => {
    const { app, secretValue } = f.sb.directory.addApp({ displayName: "No consent", adminConsent: false });
    const cca = f.sb.msalConfidentialClient({ clientId: app.clientId, clientSecret: secretValue });
    const result = await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    const client = f.clientWith(must(result, "client-credentials token").accessToken);
    await expect(client.api(`/users/${f.users[0].id}/events`).get()).rejects.toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
      message: "Access is denied. Check credentials and try again.",
    });
  });
});

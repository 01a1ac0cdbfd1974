// The Graph SDK's in-request retries as our client configures them (lib/graph/client.ts RETRY), over
// a loopback HTTP server: short Retry-After waits are retried at most twice; a long one is not slept
// inside the job (it would outlive the job's lease) but surfaces at once as ThrottledError.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@microsoft/microsoft-graph-client";
import { middlewareChain, RETRY } from "./client";
import { fromGraphError, ThrottledError } from "./errors";

describe("bounded RetryHandler", () => {
  let server: http.Server;
  let answers: { status: number; retryAfter?: string }[] = [];
  let seen = 0;
  let client: Client;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen++;
      const a = answers.shift() ?? { status: 200 };
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (a.retryAfter) headers["retry-after"] = a.retryAfter;
      res
        .writeHead(a.status, headers)
        .end(
          a.status === 200
            ? '{"value":[]}'
            : '{"error":{"code":"ApplicationThrottled","message":"Application is over its MailboxConcurrency limit."}}',
        );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    client = Client.initWithMiddleware({
      middleware: middlewareChain({ getAccessToken: () => Promise.resolve("test-token") }),
      baseUrl: `http://127.0.0.1:${port}/`,
      defaultVersion: "v1.0",
      customHosts: new Set(["127.0.0.1"]),
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const call = async () => {
    seen = 0;
    const t0 = Date.now();
    try {
      await client.api("/users/room@x.test/events").get();
      return { ok: true, seen, ms: Date.now() - t0, err: null };
    } catch (err) {
      return { ok: false, seen, ms: Date.now() - t0, err };
    }
  };

  it("retries a short Retry-After and succeeds", async () => {
    answers = [{ status: 429, retryAfter: "1" }, { status: 200 }];
    const r = await call();
    expect(r).toMatchObject({ ok: true, seen: 2 });
    expect(r.ms).toBeGreaterThanOrEqual(900);
  });

  it(`gives up after ${RETRY.maxRetries} retries`, async () => {
    answers = Array.from({ length: 5 }, () => ({ status: 429, retryAfter: "0" }));
    const r = await call();
    expect(r.ok).toBe(false);
    expect(r.seen).toBe(1 + RETRY.maxRetries);
  });

  it("does not sleep a long Retry-After inside the job: it becomes ThrottledError at once", async () => {
    // Left unconfigured the SDK would sleep these 120 s (its cap is 180 s), past a 120 s job lease.
    answers = [{ status: 429, retryAfter: "120" }, { status: 200 }];
    const r = await call();
    expect(r.ok).toBe(false);
    expect(r.seen).toBe(1);
    expect(r.ms).toBeLessThan(2000);
    const typed = fromGraphError(r.err);
    expect(typed).toBeInstanceOf(ThrottledError);
    expect((typed as ThrottledError).retryAfter).toBe(120);
  });
});

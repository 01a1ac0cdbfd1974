// The lean listener's own edges (the webhook behaviour itself is one table with the Next routes in
// app/api/graph/webhook-paths.test.ts): only the two webhook paths exist, only POST, API headers on
// every answer, and a graceful stop that lets a running request finish.
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookListener, type WebhookListener } from "./listener";

function call(port: number, method: string, path: string, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (c: Buffer) => parts.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString() }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("webhook listener", () => {
  let listener: WebhookListener;
  beforeAll(async () => {
    listener = await startWebhookListener({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await listener.close();
  });

  it("answers 404 to every path but the two webhooks", async () => {
    for (const path of [
      "/",
      "/api/health",
      "/api/graph/notify",
      "/api/graph/notify/",
      "/api/graph/other/x",
      "/api/graph/notify/x/y",
      "/login",
      "/api/graph/notify/%E0%A4%A",
    ]) {
      const got = await call(listener.port, "POST", path, "{}");
      expect(got.status, path).toBe(404);
      expect(got.headers["x-content-type-options"]).toBe("nosniff");
      expect(got.headers["cache-control"]).toBe("no-store");
      expect(got.text).toBe("");
    }
  });

  it("answers 405 with Allow: POST to any other method on a webhook path", async () => {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      for (const path of ["/api/graph/notify/abc", "/api/graph/lifecycle/abc?validationToken=x"]) {
        const got = await call(listener.port, method, path);
        expect(got.status, `${method} ${path}`).toBe(405);
        expect(got.headers.allow).toBe("POST");
        expect(got.text).toBe("");
      }
    }
  });

  it("stops gracefully: a request already sending finishes, new connections are refused", async () => {
    const own = await startWebhookListener({ port: 0, host: "127.0.0.1" });
    // A notification whose body is still on its way when the stop begins: read, parsed (and refused
    // as bad JSON, which needs no database) after the stop began.
    const answered = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: own.port,
          method: "POST",
          path: "/api/graph/notify/x",
          headers: { "content-length": "9" },
          agent: false,
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write("{not");
      setTimeout(() => req.end(" json"), 200);
    });
    await new Promise((r) => setTimeout(r, 50));
    const closed = own.close();
    expect(await answered).toBe(400);
    await closed;
    await expect(
      new Promise((resolve, reject) => {
        const s = net.connect(own.port, "127.0.0.1", () => resolve(s.end()));
        s.on("error", reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});

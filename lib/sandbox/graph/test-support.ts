// Shared fixtures for the Graph half's tests: a fresh test sandbox, an app-token Graph client,
// and a local HTTP listener that records webhook calls (validation handshakes and notifications).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { startTestSandbox, type TestSandbox } from "@/lib/sandbox/testing";
import type { SandboxGraphService } from "./service";

export interface Fixture {
  sb: TestSandbox;
  graph: SandboxGraphService;
  client: ReturnType<TestSandbox["graphClient"]>;
  users: { id: string; upn: string; name: string }[];
  rooms: { id: string; upn: string; name: string }[];
}

export async function startFixture(): Promise<Fixture> {
  const sb = await startTestSandbox();
  const client = sb.graphClient(() => sb.appToken());
  const all = sb.directory.users();
  const pick = (kind: "user" | "room") =>
    all.filter((u) => u.kind === kind).map((u) => ({ id: u.id, upn: u.userPrincipalName, name: u.displayName }));
  return { sb, graph: sb.graph as SandboxGraphService, client, users: pick("user"), rooms: pick("room") };
}

export interface Hook {
  url: string;
  calls: { url: URL; body: string; json?: { value: Record<string, unknown>[] } }[];
  close(): Promise<void>;
}

/** reply(req) decides the answer; default: echo validation tokens, 202 for notifications. */
export async function startHook(
  reply?: (u: URL, body: string, n: number) => { status: number; body?: string; delayMs?: number } | undefined,
): Promise<Hook> {
  const calls: Hook["calls"] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://localhost");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: { value: Record<string, unknown>[] } | undefined;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        /* validation: empty */
      }
      calls.push({ url: u, body, json });
      const custom = reply?.(u, body, calls.length);
      const answer = () => {
        if (custom) {
          res.writeHead(custom.status, { "content-type": "text/plain" });
          res.end(custom.body ?? "");
          return;
        }
        const token = u.searchParams.get("validationToken");
        if (token !== null) {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end(token);
          return;
        }
        res.writeHead(202);
        res.end();
      };
      if (custom?.delayMs) setTimeout(answer, custom.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hook`,
    calls,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function inHours(h: number): string {
  return new Date(Date.now() + h * 3_600_000).toISOString();
}

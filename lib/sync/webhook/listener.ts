// The lean webhook listener: a node:http server in Roomlink's own process (the app via lib/startup.ts,
// or a worker via scripts/worker.ts) on WEBHOOK_PORT, serving exactly `POST /api/graph/notify/:id`
// and `POST /api/graph/lifecycle/:id` through the same answerWebhook() as the Next routes, without
// Next's router, proxy and per-request machinery in front. Anything else: 404, other methods: 405.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { log as rootLog } from "@/lib/log";
import { answerWebhook, WEBHOOK_HEADERS, type WebhookAnswer, type WebhookKind, type WebhookRequest } from "./http";

const log = rootLog.child({ area: "webhook" });

const ROUTE = /^\/api\/graph\/(notify|lifecycle)\/([^/]+)\/?$/;

/** After refusing an oversized body, how long the rest may still arrive (and be discarded) before we hang up. */
const LINGER_MS = 2_000;

export interface WebhookListener {
  port: number;
  /** Stop accepting, let running requests finish (at most `graceMs`), then close every connection. */
  close(graceMs?: number): Promise<void>;
}

/**
 * The body pulled chunk by chunk in paused mode: nothing is read ahead of the limit check, and
 * stopping never destroys the request (which would end the socket before the 413 is sent); the
 * rest is read and discarded instead.
 */
function fromIncoming(req: IncomingMessage, query: string): WebhookRequest {
  const next = () =>
    new Promise<IteratorResult<Uint8Array, undefined>>((resolve, reject) => {
      const off = () => {
        req.off("readable", onReadable);
        req.off("end", onEnd);
        req.off("error", onError);
        req.off("close", onClose);
      };
      const attempt = () => {
        const chunk = req.read() as Buffer | null;
        if (chunk !== null) {
          off();
          resolve({ done: false, value: chunk });
        } else if (req.readableEnded) {
          off();
          resolve({ done: true, value: undefined });
        }
      };
      const onReadable = () => attempt();
      const onEnd = () => {
        off();
        resolve({ done: true, value: undefined });
      };
      const onError = (err: Error) => {
        off();
        reject(err);
      };
      const onClose = () => {
        off();
        reject(new Error("the client closed the connection before the body was complete"));
      };
      req.on("readable", onReadable);
      req.on("end", onEnd);
      req.on("error", onError);
      req.on("close", onClose);
      attempt();
    });
  return {
    validationToken: new URLSearchParams(query).get("validationToken"),
    contentLength: req.headers["content-length"] ?? null,
    chunks: { next },
    stop: () => {
      req.resume(); // discard the rest without keeping it
      return Promise.resolve();
    },
  };
}

function send(req: IncomingMessage, res: ServerResponse, a: WebhookAnswer): void {
  const { Connection: close, ...headers } = a.headers;
  res.writeHead(a.status, a.body === null ? headers : { ...headers, "Content-Length": Buffer.byteLength(a.body) });
  res.end(a.body ?? undefined);
  if (close !== undefined && !req.complete) {
    // Refused mid-body: hanging up at once would reset the connection under the answer (the client
    // may never read its 413), so the rest is discarded for a moment, then the connection is ended.
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => {
      clearTimeout(timer);
      req.socket.end();
    });
  }
}

function plain(res: ServerResponse, status: number, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...WEBHOOK_HEADERS, ...extra, "Content-Length": "0" });
  res.end();
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const match = ROUTE.exec(q < 0 ? url : url.slice(0, q));
  let id: string | undefined;
  try {
    id = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
  } catch {
    id = undefined; // a malformed escape names no integration
  }
  if (!match || id === undefined) return plain(res, 404);
  if (req.method !== "POST") return plain(res, 405, { Allow: "POST" });
  const kind = match[1] as WebhookKind;
  answerWebhook(kind, id, fromIncoming(req, q < 0 ? "" : url.slice(q + 1))).then(
    (a) => send(req, res, a),
    (err: unknown) => {
      // A body cut off by the client, or a bug: never an inbox row, and Graph retries a 5xx.
      if (res.headersSent || req.socket.destroyed) return;
      log.warn({ err, kind, integrationId: id }, "webhook request failed");
      plain(res, 500);
    },
  );
}

/** Listen on `port` (0: any free one) on every interface unless `host` is given. */
export function startWebhookListener(opts: { port: number; host?: string }): Promise<WebhookListener> {
  const server = http.createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, handle);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      server.on("error", (err) => log.error({ err }, "webhook listener error"));
      const port = (server.address() as AddressInfo).port;
      log.info({ port }, "webhook listener started");
      let closing: Promise<void> | undefined;
      resolve({
        port,
        close: (graceMs = 5_000) =>
          (closing ??= new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          })),
      });
    });
  });
}

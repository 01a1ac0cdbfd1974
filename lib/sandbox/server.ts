// Starts a sandbox tenant: one port serving TLS (back channel: metadata, token, JWKS, Graph) and
// plain HTTP (browser pages) by sniffing each connection's first byte; wires identity, admin, Graph.
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import path from "node:path";
import { env } from "@/lib/env";
import { log as rootLog, type Logger } from "@/lib/log";
import { handleAdminApi } from "./admin/api";
import { handleAdminPages } from "./admin/pages";
import type { GraphService, SandboxContext, SandboxRequest, SandboxResponse } from "./contracts";
import { createDirectory, type DirectoryAdmin } from "./directory";
import { createGraphService } from "./graph";
import { handleIdentity, type IdentityDeps } from "./identity";
import { loadSigningKeys, verifyGraphToken } from "./identity/tokens";
import { defaultCaDir, loadOrCreateTls, replayingDuplex } from "./tls";

export interface SandboxOptions {
  /** 0 = a random free port; default env SANDBOX_PORT. */
  port?: number;
  /** Persist directory.json, graph.json, the signing key and the CA here; undefined = memory only. */
  stateDir?: string;
  seed?: "demo" | "minimal";
  timeScale?: number;
  /** Added to the seeded app registration. */
  redirectUris?: string[];
  log?: Logger;
}

export interface SandboxHandle {
  port: number;
  /** http://localhost:PORT — person pages. */
  origin: string;
  /** https://localhost:PORT */
  authorityHost: string;
  /** https://localhost:PORT/<tenantId> */
  authority: string;
  /** https://localhost:PORT/v1.0 */
  graphBaseUrl: string;
  caPem: string;
  caFile: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  directory: DirectoryAdmin;
  graph: GraphService;
  close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;

export async function startSandbox(opts: SandboxOptions = {}): Promise<SandboxHandle> {
  const log = opts.log ?? rootLog.child({ area: "sandbox" });
  const stateDir = opts.stateDir ? path.resolve(opts.stateDir) : undefined;
  if (stateDir) fs.mkdirSync(stateDir, { recursive: true });
  const tls = loadOrCreateTls(stateDir ?? defaultCaDir());
  const keys = await loadSigningKeys(stateDir);
  const directoryFile = stateDir ? path.join(stateDir, "directory.json") : undefined;
  const fresh = !directoryFile || !fs.existsSync(directoryFile);
  const { directory, seededSecret } = createDirectory({
    seed: opts.seed ?? "minimal",
    redirectUris: opts.redirectUris ?? [],
    stateFile: directoryFile,
  });
  const deps: IdentityDeps = { directory, keys, log, codes: new Map(), rotated: new Map() };
  const ctx: SandboxContext = {
    directory,
    timeScale: opts.timeScale ?? 1,
    log,
    verifyAccessToken: (authorization) => {
      const from = directory.state.accessTokensValidFrom;
      return verifyGraphToken(keys, directory.tenantId, authorization, from ? new Date(from) : undefined);
    },
  };
  const graph: GraphService = createGraphService(ctx, {
    stateFile: stateDir ? path.join(stateDir, "graph.json") : undefined,
  });
  if (fresh && opts.seed === "demo") graph.seedDemo();

  let port = 0;
  const info = () => ({ port, tenantId: directory.tenantId, clientId: directory.apps()[0]?.clientId ?? "" });
  const route = async (req: SandboxRequest): Promise<SandboxResponse> => {
    const p = req.url.pathname;
    if (p === "/v1.0" || p.startsWith("/v1.0/")) return graph.handle(req);
    if (p === "/ui" || p.startsWith("/ui/")) return graph.ui(req) ?? notFound();
    if (p.startsWith("/_sandbox/api/")) return handleAdminApi(directory, req);
    return (await handleIdentity(deps, req)) ?? handleAdminPages(directory, req, info()) ?? notFound();
  };

  const httpServer = http.createServer((req, res) => void serve(route, log, req, res, false));
  const httpsServer = https.createServer(
    { key: tls.keyPem, cert: tls.certPem },
    (req, res) => void serve(route, log, req, res, true),
  );
  const sockets = new Set<net.Socket>();
  const sniffer = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    // A connection that never says anything (pre-connects, port scans) must not pin a socket forever.
    let sniffed = false;
    socket.setTimeout(30_000, () => {
      if (!sniffed) socket.destroy();
    });
    socket.once("data", (chunk: Buffer) => {
      sniffed = true;
      socket.setTimeout(0);
      socket.pause();
      // 0x16 = TLS handshake record: the https server takes it; anything else is plain HTTP.
      if (chunk[0] === 0x16) {
        httpsServer.emit("connection", replayingDuplex(socket, chunk));
        return;
      }
      socket.unshift(chunk);
      httpServer.emit("connection", socket);
      socket.resume();
    });
  });
  httpsServer.on("tlsClientError", (err) => log.debug({ err: err.message }, "sandbox TLS client error"));

  port = await listen(sniffer, opts.port ?? env.SANDBOX_PORT, "127.0.0.1");
  // Also on ::1 where the machine has IPv6: "localhost" may resolve there first.
  const sniffer6 = net.createServer((s) => sniffer.emit("connection", s));
  await listen(sniffer6, port, "::1").catch(() => undefined);

  const authorityHost = `https://localhost:${port}`;
  log.info({ port, tenantId: directory.tenantId, stateDir }, "sandbox tenant listening");
  let closed = false;
  return {
    port,
    origin: `http://localhost:${port}`,
    authorityHost,
    authority: `${authorityHost}/${directory.tenantId}`,
    graphBaseUrl: `${authorityHost}/v1.0`,
    caPem: tls.caPem,
    caFile: tls.caFile,
    tenantId: directory.tenantId,
    clientId: directory.apps()[0]?.clientId ?? "",
    clientSecret: seededSecret ?? "",
    directory,
    graph,
    async close() {
      if (closed) return;
      closed = true;
      await graph.close();
      for (const s of sockets) s.destroy();
      await Promise.all([closeServer(sniffer), sniffer6.listening ? closeServer(sniffer6) : undefined]);
      httpServer.closeAllConnections();
      httpsServer.closeAllConnections?.();
      directory.persist();
      log.info({ port }, "sandbox tenant stopped");
    },
  };
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function notFound(): SandboxResponse {
  return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found" };
}

async function serve(
  route: (r: SandboxRequest) => Promise<SandboxResponse>,
  log: Logger,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  secure: boolean,
) {
  try {
    const body = await readBody(req);
    if (body === undefined) return send(res, { status: 413, body: { error: "request_too_large" } }, "");
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
    const host = headers.host ?? "localhost";
    const url = new URL(req.url ?? "/", `${secure ? "https" : "http"}://${host}`);
    const out = await route({ method: req.method ?? "GET", url, headers, body, secure });
    send(res, out, url.pathname);
  } catch (err) {
    log.error({ err, path: req.url?.split("?")[0] }, "sandbox request failed");
    if (!res.headersSent)
      send(
        res,
        {
          status: 500,
          body: { error: { code: "InternalServerError", message: "The sandbox failed on this request." } },
        },
        "",
      );
    else res.destroy();
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, out: SandboxResponse, pathname: string) {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload: string | Buffer = "";
  if (Buffer.isBuffer(out.body) || typeof out.body === "string") payload = out.body;
  else if (out.body !== undefined) {
    payload = JSON.stringify(out.body);
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) {
      headers["content-type"] = pathname.startsWith("/v1.0")
        ? "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8"
        : "application/json; charset=utf-8";
    }
  }
  res.writeHead(out.status, { ...headers, "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * One sandbox per Node process, kept on globalThis so `next dev` reloads (which re-evaluate modules)
 * reuse it instead of failing with EADDRINUSE. For start-up code; tests use startSandbox directly.
 */
export function startEmbeddedSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const g = globalThis as unknown as { __roomlinkSandbox?: Promise<SandboxHandle> };
  g.__roomlinkSandbox ??= startSandbox(opts).catch((err: unknown) => {
    g.__roomlinkSandbox = undefined;
    throw err;
  });
  return g.__roomlinkSandbox;
}

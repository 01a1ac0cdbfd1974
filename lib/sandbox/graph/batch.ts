// JSON batching: POST /v1.0/$batch with up to 20 requests, dependsOn ordering, 424 for failed
// dependencies, each sub-request authorized and throttled on its own (https://learn.microsoft.com/graph/json-batching).
// Outlook runs at most 4 requests of one batch against one mailbox at a time and queues the rest rather
// than answering 429 (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits-for-json-batching;
// Microsoft Q&A 1660054: "Microsoft Graph dispatches up to four individual requests from a batch ... simultaneously").
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { GraphError, parseJsonBody } from "./http";

export const MAX_BATCH = 20;
export const PER_MAILBOX_IN_BATCH = 4;

/** Waits for one of `limit` slots per key; release hands the slot to the next in line. */
class Slots {
  private active = new Map<string, number>();
  private waiting = new Map<string, (() => void)[]>();
  constructor(private limit: number) {}
  async acquire(key: string): Promise<() => void> {
    if ((this.active.get(key) ?? 0) >= this.limit)
      await new Promise<void>((r) => {
        const q = this.waiting.get(key) ?? [];
        q.push(r);
        this.waiting.set(key, q);
      });
    else this.active.set(key, (this.active.get(key) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiting.get(key)?.shift();
      if (next)
        next(); // the slot passes on, the count stays
      else this.active.set(key, (this.active.get(key) ?? 1) - 1);
    };
  }
}

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

/** mailboxOf(url): a key naming the mailbox a sub-request targets (same mailbox, same key), or undefined. */
export async function runBatch(
  req: SandboxRequest,
  dispatch: (r: SandboxRequest) => Promise<SandboxResponse>,
  mailboxOf: (url: URL) => string | undefined = () => undefined,
): Promise<object> {
  const b = parseJsonBody(req);
  const list = b.requests;
  if (!Array.isArray(list)) throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
  if (list.length > MAX_BATCH)
    throw new GraphError(400, "BadRequest", `Number of requests inside batch exceeds the limit of ${MAX_BATCH}.`);
  const reqs = list as SubRequest[];
  // Ids are compared case-insensitively: "a" and "A" collide (Graph's message, msgraph-sdk-java issue 559).
  const ids = new Set<string>();
  for (const r of reqs) {
    if (!r || typeof r.id !== "string" || !r.id || typeof r.method !== "string" || typeof r.url !== "string")
      throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
    if (ids.has(r.id.toLowerCase()))
      throw new GraphError(400, "BadRequest", `Request Id ${r.id} has to be unique in a batch.`);
    ids.add(r.id.toLowerCase());
  }
  for (const r of reqs)
    for (const d of r.dependsOn ?? [])
      if (!ids.has(String(d).toLowerCase()))
        throw new GraphError(400, "BadRequest", `Request '${r.id}' depends on unknown request '${d}'.`);
  const byId = (id: string) => reqs.find((x) => x.id.toLowerCase() === id.toLowerCase())!;
  const slots = new Slots(PER_MAILBOX_IN_BATCH);

  const results = new Map<string, Promise<SandboxResponse>>();
  const run = (r: SubRequest): Promise<SandboxResponse> => {
    const existing = results.get(r.id.toLowerCase());
    if (existing) return existing;
    const p = (async () => {
      const deps = await Promise.all((r.dependsOn ?? []).map((d) => run(byId(d))));
      if (deps.some((d) => d.status < 200 || d.status >= 300)) {
        return {
          status: 424,
          headers: { "content-type": "application/json" },
          body: { error: { code: "FailedDependency", message: "Failed dependency." } },
        };
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
      if (r.body !== undefined && !headers["content-type"]) {
        return {
          status: 400,
          headers: { "content-type": "application/json" },
          body: {
            error: { code: "BadRequest", message: "Content-Type header must be specified when a body is present." },
          },
        };
      }
      if (/^[a-z]+:\/\//i.test(r.url)) {
        // Graph wants URLs relative to the version segment inside a batch; a full nextLink/deltaLink must be trimmed.
        return {
          status: 400,
          headers: { "content-type": "application/json" },
          body: {
            error: {
              code: "BadRequest",
              message:
                "Invalid request URL: batch requests take a URL relative to the version, e.g. /users/{id}/calendarView/delta?$deltatoken=...",
            },
          },
        };
      }
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      const rel = r.url.startsWith("/") ? r.url : `/${r.url}`;
      const url = new URL(`/v1.0${rel.replace(/^\/v1\.0/i, "")}`, req.url);
      const body =
        r.body === undefined
          ? Buffer.alloc(0)
          : Buffer.from(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
      const mailbox = mailboxOf(url);
      const release = mailbox ? await slots.acquire(mailbox) : undefined;
      try {
        return await dispatch({ method: r.method.toUpperCase(), url, headers, body, secure: req.secure });
      } finally {
        release?.();
      }
    })();
    results.set(r.id.toLowerCase(), p);
    return p;
  };
  const responses = await Promise.all(
    reqs.map(async (r) => {
      const res = await run(r);
      let body: unknown = res.body;
      if (Buffer.isBuffer(body)) body = body.toString("utf8");
      const out: Record<string, unknown> = { id: r.id, status: res.status, headers: filterHeaders(res.headers ?? {}) };
      if (body !== undefined) out.body = body;
      return out;
    }),
  );
  return { responses };
}

function filterHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (["content-type", "retry-after", "location", "preference-applied", "etag"].includes(k.toLowerCase())) out[k] = v;
  return out;
}

// JSON batching: POST /v1.0/$batch with up to 20 requests, dependsOn ordering, 424 for failed
// dependencies, each sub-request authorized and throttled on its own (https://learn.microsoft.com/graph/json-batching).
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { GraphError, parseJsonBody } from "./http";

export const MAX_BATCH = 20;

interface SubRequest { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }

export async function runBatch(req: SandboxRequest, dispatch: (r: SandboxRequest) => Promise<SandboxResponse>): Promise<object> {
  const b = parseJsonBody(req);
  const list = b.requests;
  if (!Array.isArray(list)) throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
  if (list.length > MAX_BATCH) throw new GraphError(400, "BadRequest", `Number of requests inside batch exceeds the limit of ${MAX_BATCH}.`);
  const reqs = list as SubRequest[];
  const ids = new Set<string>();
  for (const r of reqs) {
    if (!r || typeof r.id !== "string" || !r.id || typeof r.method !== "string" || typeof r.url !== "string") throw new GraphError(400, "BadRequest", "Invalid batch payload format.");
    if (ids.has(r.id)) throw new GraphError(400, "BadRequest", `Batch request contains duplicate id '${r.id}'.`);
    ids.add(r.id);
  }
  for (const r of reqs) for (const d of r.dependsOn ?? []) if (!ids.has(d)) throw new GraphError(400, "BadRequest", `Request '${r.id}' depends on unknown request '${d}'.`);

  const results = new Map<string, Promise<SandboxResponse>>();
  const run = (r: SubRequest): Promise<SandboxResponse> => {
    const existing = results.get(r.id);
    if (existing) return existing;
    const p = (async () => {
      const deps = await Promise.all((r.dependsOn ?? []).map((d) => run(reqs.find((x) => x.id === d)!)));
      if (deps.some((d) => d.status < 200 || d.status >= 300)) {
        return { status: 424, headers: { "content-type": "application/json" }, body: { error: { code: "FailedDependency", message: "Failed dependency." } } };
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
      if (r.body !== undefined && !headers["content-type"]) {
        return { status: 400, headers: { "content-type": "application/json" }, body: { error: { code: "BadRequest", message: "Content-Type header must be specified when a body is present." } } };
      }
      if (/^[a-z]+:\/\//i.test(r.url)) {
        // Graph wants URLs relative to the version segment inside a batch; a full nextLink/deltaLink must be trimmed.
        return { status: 400, headers: { "content-type": "application/json" }, body: { error: { code: "BadRequest", message: "Invalid request URL: batch requests take a URL relative to the version, e.g. /users/{id}/calendarView/delta?$deltatoken=..." } } };
      }
      if (req.headers.authorization) headers.authorization = req.headers.authorization;
      const rel = r.url.startsWith("/") ? r.url : `/${r.url}`;
      const url = new URL(`/v1.0${rel.replace(/^\/v1\.0/i, "")}`, req.url);
      const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(typeof r.body === "string" ? r.body : JSON.stringify(r.body));
      return dispatch({ method: r.method.toUpperCase(), url, headers, body, secure: req.secure });
    })();
    results.set(r.id, p);
    return p;
  };
  const responses = await Promise.all(reqs.map(async (r) => {
    const res = await run(r);
    let body: unknown = res.body;
    if (Buffer.isBuffer(body)) body = body.toString("utf8");
    const out: Record<string, unknown> = { id: r.id, status: res.status, headers: filterHeaders(res.headers ?? {}) };
    if (body !== undefined) out.body = body;
    return out;
  }));
  return { responses };
}

function filterHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (["content-type", "retry-after", "location", "preference-applied", "etag"].includes(k.toLowerCase())) out[k] = v;
  return out;
}

// Graph-shaped HTTP plumbing for the sandbox: error bodies, JSON responses, request ids, Prefer headers.
// Every Graph answer the sandbox gives goes through here so shapes and headers stay uniform.
import { randomUUID } from "node:crypto";
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";

export const JSON_TYPE =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/** Thrown by handlers; turned into Graph's error body by `errorResponse`. */
export class GraphError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function requestIds(req: SandboxRequest): { requestId: string; clientRequestId: string } {
  const requestId = randomUUID();
  return { requestId, clientRequestId: req.headers["client-request-id"] ?? requestId };
}

function baseHeaders(req: SandboxRequest): Record<string, string> {
  const { requestId, clientRequestId } = requestIds(req);
  return { "request-id": requestId, "client-request-id": clientRequestId, "cache-control": "private" };
}

/** Graph's error envelope: https://learn.microsoft.com/graph/errors */
export function errorResponse(req: SandboxRequest, err: GraphError): SandboxResponse {
  const headers = baseHeaders(req);
  return {
    status: err.status,
    headers: { ...headers, ...err.headers, "content-type": JSON_TYPE },
    body: {
      error: {
        code: err.code,
        message: err.message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          "request-id": headers["request-id"],
          "client-request-id": headers["client-request-id"],
        },
      },
    },
  };
}

export function jsonResponse(
  req: SandboxRequest,
  status: number,
  body: object | undefined,
  extra: Record<string, string> = {},
): SandboxResponse {
  const headers = { ...baseHeaders(req), ...extra };
  if (body === undefined) return { status, headers };
  return { status, headers: { ...headers, "content-type": JSON_TYPE }, body };
}

export function parseJsonBody(req: SandboxRequest): Record<string, unknown> {
  if (!req.body || req.body.length === 0) return {};
  try {
    const v: unknown = JSON.parse(req.body.toString("utf8"));
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new GraphError(
    400,
    "BadRequest",
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
  );
}

export interface Prefer {
  timeZone?: string; // as the client named it (Windows or IANA)
  immutableId: boolean;
  maxPageSize?: number;
  bodyContentType?: "text" | "html";
}

/** Parses `Prefer` (several preferences may share one header, comma separated). */
export function parsePrefer(req: SandboxRequest): Prefer {
  const raw = req.headers["prefer"] ?? "";
  const out: Prefer = { immutableId: false };
  for (const part of raw.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const [, name, value] = /^\s*([\w.-]+)\s*=\s*"?([^"]*)"?\s*$/.exec(part) ?? [];
    if (name === undefined || value === undefined) continue;
    const key = name.toLowerCase();
    if (key === "outlook.timezone") out.timeZone = value;
    else if (key === "idtype" && value.toLowerCase() === "immutableid") out.immutableId = true;
    else if (key === "odata.maxpagesize" && Number(value) > 0) out.maxPageSize = Math.floor(Number(value));
    else if (key === "outlook.body-content-type" && /^(text|html)$/i.test(value))
      out.bodyContentType = value.toLowerCase() as "text" | "html";
  }
  return out;
}

export function preferenceApplied(p: Prefer, opts: { pageSize?: boolean } = {}): Record<string, string> {
  const parts: string[] = [];
  if (p.timeZone) parts.push(`outlook.timezone="${p.timeZone}"`);
  if (p.immutableId) parts.push(`IdType="ImmutableId"`);
  if (p.bodyContentType) parts.push(`outlook.body-content-type="${p.bodyContentType}"`);
  if (opts.pageSize && p.maxPageSize) parts.push(`odata.maxpagesize=${p.maxPageSize}`);
  return parts.length ? { "preference-applied": parts.join(", ") } : {};
}

export const b64url = {
  encode: (s: string) => Buffer.from(s, "utf8").toString("base64url"),
  decode: (s: string) => Buffer.from(s, "base64url").toString("utf8"),
};

// The one code path of Graph's webhook POSTs, whoever carries the HTTP: the Next routes
// (app/api/graph/*, single-port deployments and dev) and the lean listener (listener.ts, WEBHOOK_PORT)
// both turn their request into a WebhookRequest and send back the WebhookAnswer of answerWebhook():
// validation echo, size-limited read, zod, clientState check, inbox insert + wake-ups, 202.
import type { z } from "zod";
import { log as rootLog } from "@/lib/log";
import {
  acceptChangeNotifications,
  acceptLifecycleNotifications,
  changePayload,
  lifecyclePayload,
  MAX_WEBHOOK_BYTES,
} from "./intake";

const log = rootLog.child({ area: "webhook" });

export type WebhookKind = "notify" | "lifecycle";

/** What a webhook needs of an HTTP request, from a Fetch Request or a node:http IncomingMessage. */
export interface WebhookRequest {
  /** `validationToken` from the query string (decoded), or null. */
  validationToken: string | null;
  /** The Content-Length header as sent, or null. */
  contentLength: string | null;
  /** The body's chunks, pulled one at a time (never more than the limit + one chunk). */
  chunks: AsyncIterator<Uint8Array, undefined> | null;
  /** Stop the body: called when the limit is passed or the body is not wanted. */
  stop(): Promise<void>;
}

export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** An API's answer never sniffs and is never cached (by a proxy or anyone else). */
export const WEBHOOK_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
};

const answer = (status: number, headers: Record<string, string> = {}, body: string | null = null): WebhookAnswer => ({
  status,
  headers: { ...WEBHOOK_HEADERS, ...headers },
  body,
});

/**
 * The body, or null as soon as it passes `limit`: a declared Content-Length is checked first, then
 * the chunks are counted as they arrive and the stream is stopped at the limit, so a chunked upload
 * without Content-Length never costs more than the limit (+ one chunk) of memory.
 */
export async function readLimited(req: WebhookRequest, limit = MAX_WEBHOOK_BYTES): Promise<Uint8Array | null> {
  if (Number(req.contentLength ?? "0") > limit) {
    await req.stop().catch(() => {});
    return null;
  }
  if (!req.chunks) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await req.chunks.next();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await req.stop().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

type BodyResult<T> = { ok: true; data: T } | { ok: false; answer: WebhookAnswer };

async function readBody<T>(req: WebhookRequest, schema: z.ZodType<T>): Promise<BodyResult<T>> {
  const buf = await readLimited(req);
  if (!buf) return { ok: false, answer: answer(413, { Connection: "close" }) };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buf));
  } catch {
    return { ok: false, answer: answer(400) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, answer: answer(400) };
  return { ok: true, data: parsed.data };
}

/**
 * One POST to `/api/graph/{kind}/{integrationId}`. Graph's handshake: 200, text/plain, the decoded
 * token and nothing else (never HTML). Otherwise persist and answer 202 — nothing else happens
 * before the answer; only a failed persist earns a 5xx (503: Graph then retries, which is what we want).
 */
export async function answerWebhook(
  kind: WebhookKind,
  integrationId: string,
  req: WebhookRequest,
): Promise<WebhookAnswer> {
  if (req.validationToken !== null) {
    await req.stop().catch(() => {});
    return answer(200, { "Content-Type": "text/plain; charset=utf-8" }, req.validationToken);
  }
  return kind === "notify"
    ? persist(req, integrationId, changePayload, acceptChangeNotifications)
    : persist(req, integrationId, lifecyclePayload, acceptLifecycleNotifications);
}

async function persist<T>(
  req: WebhookRequest,
  integrationId: string,
  schema: z.ZodType<T>,
  accept: (integrationId: string, body: T) => Promise<unknown>,
): Promise<WebhookAnswer> {
  const body = await readBody(req, schema);
  if (!body.ok) return body.answer;
  try {
    await accept(integrationId, body.data);
  } catch (err) {
    log.error({ err, integrationId }, "could not persist notifications");
    return answer(503);
  }
  return answer(202);
}

/** A Fetch API request (the Next routes) as a WebhookRequest. */
export function fromFetchRequest(req: Request): WebhookRequest {
  const token = new URL(req.url).searchParams.get("validationToken");
  const body = req.body;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return {
    validationToken: token,
    contentLength: req.headers.get("content-length"),
    chunks: body
      ? {
          next: async () => {
            reader ??= body.getReader();
            const r = await reader.read();
            return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
          },
        }
      : null,
    stop: async () => {
      if (reader) await reader.cancel();
      else await body?.cancel();
    },
  };
}

/** A WebhookAnswer as a Fetch API response (the Next routes). */
export function toFetchResponse(a: WebhookAnswer): Response {
  return new Response(a.body, { status: a.status, headers: a.headers });
}

/** The Next route handler of one webhook kind: `export const POST = webhookRoute("notify")`. */
export function webhookRoute(kind: WebhookKind) {
  return async (req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> => {
    const { id } = await ctx.params;
    return toFetchResponse(await answerWebhook(kind, id, fromFetchRequest(req)));
  };
}

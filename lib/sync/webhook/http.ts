// Shared HTTP steps of the two Graph webhook routes: the validation echo and a size-limited,
// zod-checked body read. Route handlers stay thin: parse, check, hand over, answer.
import type { z } from "zod";
import { MAX_WEBHOOK_BYTES } from "./intake";

/** Graph's handshake: 200, text/plain, the decoded token and nothing else (never HTML). */
export function validationEcho(req: Request): Response | null {
  const token = new URL(req.url).searchParams.get("validationToken");
  if (token === null) return null;
  return new Response(token, {
    status: 200,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  });
}

export type BodyResult<T> = { ok: true; data: T } | { ok: false; response: Response };

/**
 * The body, refused with 413 as soon as it passes MAX_WEBHOOK_BYTES: a declared Content-Length is
 * checked first, and the stream is read chunk by chunk and cancelled at the limit, so a chunked
 * upload without Content-Length never costs more than 1 MiB (+ one chunk) of memory.
 */
export async function readLimited(req: Request, limit = MAX_WEBHOOK_BYTES): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await req.body?.cancel().catch(() => {});
    return null;
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function readBody<T>(req: Request, schema: z.ZodType<T>): Promise<BodyResult<T>> {
  const buf = await readLimited(req);
  if (!buf) return { ok: false, response: new Response(null, { status: 413, headers: { Connection: "close" } }) };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(buf));
  } catch {
    return { ok: false, response: new Response(null, { status: 400 }) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, response: new Response(null, { status: 400 }) };
  return { ok: true, data: parsed.data };
}

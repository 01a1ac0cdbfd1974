// Shared HTTP steps of the two Graph webhook routes: the validation echo and a size-limited,
// zod-checked body read. Route handlers stay thin: parse, check, hand over, answer.
import type { z } from "zod";
import { MAX_WEBHOOK_BYTES } from "./webhook-intake";

/** Graph's handshake: 200, text/plain, the decoded token and nothing else (never HTML). */
export function validationEcho(req: Request): Response | null {
  const token = new URL(req.url).searchParams.get("validationToken");
  if (token === null) return null;
  return new Response(token, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
}

export type BodyResult<T> = { ok: true; data: T } | { ok: false; response: Response };

export async function readBody<T>(req: Request, schema: z.ZodType<T>): Promise<BodyResult<T>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_WEBHOOK_BYTES) return { ok: false, response: new Response(null, { status: 413 }) };
  const buf = await req.arrayBuffer();
  if (buf.byteLength > MAX_WEBHOOK_BYTES) return { ok: false, response: new Response(null, { status: 413 }) };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(buf));
  } catch {
    return { ok: false, response: new Response(null, { status: 400 }) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, response: new Response(null, { status: 400 }) };
  return { ok: true, data: parsed.data };
}

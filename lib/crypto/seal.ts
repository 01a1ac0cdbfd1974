// Sealing secrets at rest (client secrets, msal token caches, PKCE verifiers, clientState):
// AES-256-GCM under ROOMLINK_SEAL_KEY or a key file generated once into DATA_DIR.
import fs from "node:fs";
import path from "node:path";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const VERSION = "v1";

/** The sealed value was altered, truncated, sealed under another key or for another purpose. */
export class SealError extends Error {
  override name = "SealError";
  constructor(
    message = "A sealed value could not be opened: it was altered or sealed under another key.",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

let cachedKey: Buffer | undefined;

export function parseSealKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32)
    throw new SealError("ROOMLINK_SEAL_KEY must be 32 bytes, base64 or hex encoded (e.g. `openssl rand -base64 32`).");
  return key;
}

function sealKey(): Buffer {
  if (cachedKey) return cachedKey;
  if (env.ROOMLINK_SEAL_KEY) return (cachedKey = parseSealKey(env.ROOMLINK_SEAL_KEY));
  const file = path.resolve(env.DATA_DIR, "seal-key");
  try {
    cachedKey = parseSealKey(fs.readFileSync(file, "utf8"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fresh = randomBytes(32).toString("base64");
    // wx: two processes starting at once must not overwrite each other's key.
    try {
      fs.writeFileSync(file, fresh, { mode: 0o600, flag: "wx" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    cachedKey = parseSealKey(fs.readFileSync(file, "utf8"));
  }
  return cachedKey;
}

/**
 * Seal `plain`. `purpose` is bound as additional authenticated data, so a value sealed for one
 * row or field cannot be copied into another (e.g. `integration:<id>:client-secret`).
 */
export function seal(plain: string, purpose: string, key: Buffer = sealKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(
    ".",
  );
}

/** Open a sealed value; any tampering, another key or another purpose throws SealError. */
export function unseal(sealed: string, purpose: string, key: Buffer = sealKey()): string {
  const parts = sealed.split(".");
  const [version, ivB, tagB, ctB] = parts;
  if (parts.length !== 4 || version !== VERSION || ivB === undefined || tagB === undefined || ctB === undefined)
    throw new SealError();
  const iv = Buffer.from(ivB, "base64url");
  const tag = Buffer.from(tagB, "base64url");
  if (iv.length !== 12 || tag.length !== 16) throw new SealError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(purpose, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctB, "base64url")), decipher.final()]).toString("utf8");
  } catch (e) {
    throw new SealError(undefined, { cause: e });
  }
}

/** Tests: forget the cached key (e.g. after pointing DATA_DIR elsewhere). */
export function resetSealKeyCache(): void {
  cachedKey = undefined;
}

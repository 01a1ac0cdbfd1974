// Sign-in throttling per account and per client IP (OWASP: limit failed attempts on both, with a
// time-limited block rather than a permanent lockout an attacker could use against the admin).
// https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks
// Counters live in the database through rate-limiter-flexible's Drizzle store (one atomic upsert
// per failure), so they hold across several app processes on the PostgreSQL server; on the embedded
// database (one process) the same store keeps them across restarts.
// https://github.com/animir/node-rate-limiter-flexible/wiki/Drizzle
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "@/db/client";
import { signInThrottle } from "@/db/schema";
import { env } from "@/lib/env";
import { SignInThrottledError } from "./throttle-message";

export { SignInThrottledError, parseThrottled } from "./throttle-message";

/** Failed attempts for one e-mail address (known or not) before it is blocked, and for how long. */
export const ACCOUNT_LIMIT = { points: 10, duration: 15 * 60, blockDuration: 15 * 60 } as const;
/** Failed attempts from one client IP, over any addresses. */
export const IP_LIMIT = { points: 50, duration: 60 * 60, blockDuration: 60 * 60 } as const;

type Limiters = { account: RateLimiterDrizzle; ip: RateLimiterDrizzle };
const byDb = new WeakMap<Db, Limiters>();

function limiters(db: Db): Limiters {
  let l = byDb.get(db);
  if (!l) {
    const opts = { storeClient: db, schema: signInThrottle, clearExpiredByTimeout: true };
    l = {
      account: new RateLimiterDrizzle({ ...opts, keyPrefix: "signin-account", ...ACCOUNT_LIMIT }),
      ip: new RateLimiterDrizzle({ ...opts, keyPrefix: "signin-ip", ...IP_LIMIT }),
    };
    byDb.set(db, l);
  }
  return l;
}

/**
 * The client's address for the per-IP counter. Only a trusted proxy's X-Forwarded-For counts (its
 * last entry is the address that proxy saw); without TRUST_PROXY, Next fills the header from the
 * socket only when the client did not send one, so the value is the client's claim.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined> | undefined): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const v = headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const xff = (get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = env.TRUST_PROXY ? xff.at(-1) : xff[0];
  return (ip ?? "unknown").slice(0, 64);
}

const accountKey = (email: string) => email.trim().toLowerCase().slice(0, 320);

function blockedUntil(res: RateLimiterRes | null, points: number): Date | null {
  if (!res || res.consumedPoints <= points) return null;
  return new Date(Date.now() + Math.max(res.msBeforeNext, 1000));
}

/** Before the password is checked: throws when the account or the IP is blocked. */
export async function assertNotThrottled(db: Db, email: string, ip: string): Promise<void> {
  const l = limiters(db);
  const [a, i] = await Promise.all([l.account.get(accountKey(email)), l.ip.get(ip)]);
  const until = [blockedUntil(a, ACCOUNT_LIMIT.points), blockedUntil(i, IP_LIMIT.points)].filter((d): d is Date => !!d);
  if (until.length) throw new SignInThrottledError(new Date(Math.max(...until.map((d) => d.getTime()))));
}

/** A wrong password or unknown address: counts on both; throws once this failure starts a block. */
export async function recordFailure(db: Db, email: string, ip: string): Promise<void> {
  const l = limiters(db);
  const results = await Promise.allSettled([l.account.consume(accountKey(email)), l.ip.consume(ip)]);
  const until: number[] = [];
  for (const r of results) {
    if (r.status === "fulfilled") continue;
    // The limiter rejects with a RateLimiterRes when the points ran out, with an Error on a store failure.
    if (r.reason instanceof RateLimiterRes) until.push(Date.now() + Math.max(r.reason.msBeforeNext, 1000));
    else throw r.reason;
  }
  if (until.length) throw new SignInThrottledError(new Date(Math.max(...until)));
}

/** A successful sign-in clears the account's counter (not the IP's: one good account must not launder a spray). */
export async function recordSuccess(db: Db, email: string): Promise<void> {
  await limiters(db).account.delete(accountKey(email));
}

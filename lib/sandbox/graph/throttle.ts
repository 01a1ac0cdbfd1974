// Per app + mailbox throttling as Exchange Online applies it to Graph: 4 concurrent requests and
// 10,000 requests per 10 minutes (https://learn.microsoft.com/graph/throttling-limits#outlook-service-limits).
export const MAX_CONCURRENT = 4;
export const MAX_PER_WINDOW = 10_000;
export const WINDOW_MS = 10 * 60_000;

interface Bucket {
  inFlight: number;
  stamps: number[];
  head: number;
}

export type Acquired = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number; message: string };

export class Throttle {
  private buckets = new Map<string, Bucket>();

  acquire(appId: string, mailboxId: string, now = Date.now()): Acquired {
    const key = `${appId}|${mailboxId}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { inFlight: 0, stamps: [], head: 0 }));
    // stamps[head] is the oldest request still inside the window (undefined: none).
    let oldest = b.stamps[b.head];
    while (oldest !== undefined && oldest <= now - WINDOW_MS) oldest = b.stamps[++b.head];
    if (b.head > 4096) {
      b.stamps = b.stamps.slice(b.head);
      b.head = 0;
    }
    if (b.inFlight >= MAX_CONCURRENT) {
      return { ok: false, retryAfterSeconds: 1, message: "Application is over its MailboxConcurrency limit." };
    }
    if (oldest !== undefined && b.stamps.length - b.head >= MAX_PER_WINDOW) {
      const wait = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
      return { ok: false, retryAfterSeconds: wait, message: "Application is over its MailboxRequestsPerWindow limit." };
    }
    b.inFlight++;
    b.stamps.push(now);
    const bucket = b;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (!released) {
          released = true;
          bucket.inFlight--;
        }
      },
    };
  }
}

// Webhook delivery: batches change notifications per notificationUrl, POSTs them with Node's fetch,
// retries non-2xx / slow (>3 s) answers with exponential back-off for up to 4 h (scaled), keeps a log.
import type { Logger } from "@/lib/log";

// https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#change-notifications
export const ACK_TIMEOUT_MS = 3_000;
export const RETRY_WINDOW_MS = 4 * 3_600_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 30 * 60_000;
const LOG_LIMIT = 500;

export interface DeliveryLogEntry {
  time: string;
  url: string;
  kind: "change" | "lifecycle" | "validation";
  count: number;
  attempt: number;
  status: number | "timeout" | "error" | "dropped";
  latencyMs: number;
  outcome: "delivered" | "retrying" | "dropped" | "failed";
  subscriptionIds: string[];
}

interface Pending {
  url: string;
  kind: "change" | "lifecycle";
  items: Record<string, unknown>[];
  attempt: number;
  firstAt: number;
}

export class Deliverer {
  log: DeliveryLogEntry[] = [];
  private buffers = new Map<string, Pending>();
  private timers = new Set<NodeJS.Timeout>();
  private inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private opts: {
      timeScale: number;
      logger: Logger;
      dropRate: () => number;
      onDropped?: (subscriptionIds: string[]) => void;
    },
  ) {}

  /** Queue one notification; notifications for the same URL in the same tick go out in one POST. */
  enqueue(url: string, kind: "change" | "lifecycle", item: Record<string, unknown>): void {
    if (this.closed) return;
    const key = `${kind} ${url}`;
    const b = this.buffers.get(key);
    if (b) {
      b.items.push(item);
      return;
    }
    this.buffers.set(key, { url, kind, items: [item], attempt: 0, firstAt: Date.now() });
    this.schedule(5, () => {
      const p = this.buffers.get(key);
      this.buffers.delete(key);
      if (p) this.send(p);
    });
  }

  private schedule(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private record(e: Omit<DeliveryLogEntry, "time">): void {
    this.log.push({ time: new Date().toISOString(), ...e });
    if (this.log.length > LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  recordValidation(url: string, status: DeliveryLogEntry["status"], latencyMs: number, ok: boolean): void {
    this.record({
      url,
      kind: "validation",
      count: 0,
      attempt: 1,
      status,
      latencyMs,
      outcome: ok ? "delivered" : "failed",
      subscriptionIds: [],
    });
  }

  private send(p: Pending): void {
    if (this.closed) return;
    p.attempt++;
    const subscriptionIds = [...new Set(p.items.map((i) => String(i.subscriptionId)))];
    if (p.kind === "change" && p.attempt === 1 && Math.random() < this.opts.dropRate()) {
      this.record({
        url: p.url,
        kind: p.kind,
        count: p.items.length,
        attempt: p.attempt,
        status: "dropped",
        latencyMs: 0,
        outcome: "dropped",
        subscriptionIds,
      });
      this.opts.onDropped?.(subscriptionIds);
      return;
    }
    const started = Date.now();
    const run = (async () => {
      let status: DeliveryLogEntry["status"];
      try {
        const res = await fetch(p.url, {
          method: "POST",
          headers: {
            "content-type": "application/json; charset=utf-8",
            "user-agent": "Microsoft-Notifications/1.0 (Roomlink sandbox)",
          },
          body: JSON.stringify({ value: p.items }),
          signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        status = (err as Error).name === "TimeoutError" ? "timeout" : "error";
      }
      const latencyMs = Date.now() - started;
      const ok = typeof status === "number" && status >= 200 && status < 300;
      const elapsed = (Date.now() - p.firstAt) / this.opts.timeScale;
      const retry = !ok && !this.closed && elapsed < RETRY_WINDOW_MS;
      this.record({
        url: p.url,
        kind: p.kind,
        count: p.items.length,
        attempt: p.attempt,
        status,
        latencyMs,
        outcome: ok ? "delivered" : retry ? "retrying" : "dropped",
        subscriptionIds,
      });
      if (!ok)
        this.opts.logger.debug({ url: p.url, status, attempt: p.attempt }, "sandbox notification delivery failed");
      if (!ok && !retry && p.kind === "change" && !this.closed) this.opts.onDropped?.(subscriptionIds);
      if (retry) {
        const delay = Math.min(FIRST_RETRY_MS * 2 ** (p.attempt - 1), MAX_RETRY_MS);
        this.schedule(Math.max(1, delay * this.opts.timeScale), () => this.send(p));
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Waits until nothing is buffered or in flight (tests). Scheduled retries are not awaited. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.buffers.size > 0) {
      await Promise.all([...this.inFlight]);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight]);
  }
}

// Run-time fault injection for tests and demos: latency, random 429/503, dropped notifications,
// forced 403 per mailbox. Switched through the service's control API or /ui/api/faults.
export interface Faults {
  /** Added to every mailbox request while it holds its concurrency slot. */
  latencyMs: number;
  /** 0..1: share of mailbox requests answered 429 ApplicationThrottled. */
  rate429: number;
  /** 0..1: share of mailbox requests answered 503. */
  rate503: number;
  /** 0..1: share of change notifications silently dropped (Graph does not guarantee delivery). */
  dropNotificationsRate: number;
  /** Mailbox ids (or UPNs) answering 403 ErrorAccessDenied, as a newly applied access policy would. */
  forbiddenMailboxes: string[];
}

export function defaultFaults(): Faults {
  return { latencyMs: 0, rate429: 0, rate503: 0, dropNotificationsRate: 0, forbiddenMailboxes: [] };
}

export function mergeFaults(cur: Faults, patch: Partial<Faults>): Faults {
  const rate = (v: unknown, d: number) => (typeof v === "number" && v >= 0 && v <= 1 ? v : d);
  return {
    latencyMs:
      typeof patch.latencyMs === "number" && patch.latencyMs >= 0 ? Math.min(patch.latencyMs, 60_000) : cur.latencyMs,
    rate429: rate(patch.rate429, cur.rate429),
    rate503: rate(patch.rate503, cur.rate503),
    dropNotificationsRate: rate(patch.dropNotificationsRate, cur.dropNotificationsRate),
    forbiddenMailboxes: Array.isArray(patch.forbiddenMailboxes)
      ? patch.forbiddenMailboxes.map(String)
      : cur.forbiddenMailboxes,
  };
}

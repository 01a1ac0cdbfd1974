// Reconcile's delta step for many calendars: first pages as sub-requests of the round's `$batch`es
// (round.ts), applied together per batch and their delta links stored in one statement; further pages,
// expired tokens, refused sub-requests and aged windows per calendar (inbound/delta.ts). Failures are
// handed to the caller's `fail`, per calendar.
import type { CalendarSyncState, Integration } from "@/db/schema";
import { followDelta } from "@/lib/sync/inbound/delta";
import { applyDeltaItems, type Applied } from "@/lib/sync/inbound/delta-apply";
import {
  deltaLogEntry,
  freshDeltaUrl,
  loadSyncStates,
  relativeGraphUrl,
  saveDeltaLinks,
  syncWindow,
  windowAged,
  DELTA_PREFER,
  type DeltaPage,
} from "@/lib/sync/inbound/delta-state";
import type { BatchAnswer, BatchRequest } from "@/lib/sync/batch";
import { logSyncMany, type SyncLogInput } from "@/lib/sync/sync-log";
import { afterRetryAfter, throttledAnswer } from "./batch-answers";

/** What the delta step did, added into the reconcile's result. */
export interface DeltaRounds {
  changes: number;
  windowsRenewed: number;
  /** Calendars whose round finished, with the bookings it changed: an initial sync still open is done then. */
  finished: Map<string, number>;
}

export interface DeltaRound {
  /** `targets`, the calendars read longest ago (or never) first: those a full round left out go first. */
  order<T extends { mailbox: string }>(targets: T[]): T[];
  /** A calendar's first delta page as a `$batch` sub-request. */
  request(mailbox: string): BatchRequest;
  /** Settle one batch's calendars by their answers (an Error when the batch itself failed). */
  settle(chunk: { mailbox: string }[], answers: (BatchAnswer | undefined)[] | Error): Promise<void>;
  result(): DeltaRounds;
}

export async function deltaRound(
  integration: Integration,
  fail: (mailbox: string, e: unknown) => Promise<void>,
): Promise<DeltaRound> {
  const integrationId = integration.id;
  const result = { changes: 0, windowsRenewed: 0 };
  const states = await loadSyncStates(integrationId);
  const stateOf = (mailbox: string): CalendarSyncState | undefined => states.get(mailbox.toLowerCase());
  /** Calendars whose round finished, with the bookings it changed: an initial sync still open is done then. */
  const finished = new Map<string, number>();
  const win = syncWindow();
  const lastRead = (mailbox: string) => stateOf(mailbox)?.lastReconcileAt?.getTime() ?? 0;

  async function settle(chunk: { mailbox: string }[], answers: (BatchAnswer | undefined)[] | Error): Promise<void> {
    if (answers instanceof Error) {
      for (const t of chunk) await fail(t.mailbox, answers);
      return;
    }
    const firstPages: { mailbox: string; page: DeltaPage }[] = [];
    const others: { mailbox: string; status: number }[] = [];
    const throttled: { item: string; error: NonNullable<ReturnType<typeof throttledAnswer>> }[] = [];
    for (const [n, t] of chunk.entries()) {
      const r = answers[n];
      if (!r) continue;
      const slow = throttledAnswer(r);
      if (r.status === 200 && r.body) firstPages.push({ mailbox: t.mailbox, page: r.body });
      else if (slow) throttled.push({ item: t.mailbox, error: slow });
      else others.push({ mailbox: t.mailbox, status: r.status });
    }
    let applied: Applied | undefined;
    try {
      applied = await applyDeltaItems(
        integration,
        firstPages.map((p) => ({ mailbox: p.mailbox, items: p.page.value ?? [] })),
      );
    } catch (e) {
      for (const p of firstPages) await fail(p.mailbox, e);
    }
    const done: Parameters<typeof saveDeltaLinks>[1] = [];
    const caughtUp = new Set<string>();
    const logged: SyncLogInput[] = [];
    for (const { mailbox, page } of applied ? firstPages : []) {
      const error = applied?.errors.get(mailbox);
      if (applied?.errors.has(mailbox)) {
        await fail(mailbox, error);
        continue;
      }
      const state = stateOf(mailbox);
      const full = !state?.deltaLink;
      const changes = applied?.changes.get(mailbox) ?? 0;
      const next = page["@odata.nextLink"];
      if (next) {
        // A long first round: the rest of this calendar's pages one by one.
        try {
          const d = await followDelta(integration, mailbox, {
            url: next,
            full,
            state: state ?? null,
            changesSoFar: changes,
            window: full ? win : undefined,
          });
          result.changes += d.changes;
          finished.set(mailbox, d.changes);
          caughtUp.add(mailbox);
        } catch (e) {
          result.changes += changes;
          await fail(mailbox, e);
        }
        continue;
      }
      result.changes += changes;
      done.push({
        mailbox,
        state,
        deltaLink: page["@odata.deltaLink"] ?? null,
        changes,
        window: full ? win : undefined,
      });
      if (changes || full) logged.push(deltaLogEntry(integrationId, mailbox, changes, full));
    }
    try {
      await saveDeltaLinks(integrationId, done);
      await logSyncMany(logged);
      for (const d of done) {
        caughtUp.add(d.mailbox);
        finished.set(d.mailbox, d.changes);
      }
    } catch (e) {
      for (const d of done) await fail(d.mailbox, e);
    }
    // Throttled inside the batch: a short Retry-After is waited out, then read alone; a long one waits a round.
    const { again, later } = await afterRetryAfter(throttled);
    for (const { item, error } of later) await fail(item, error);
    for (const o of [...others, ...again.map((mailbox) => ({ mailbox, status: 429 }))]) {
      try {
        // Expired sync state (410, or 400 for a token Graph no longer reads): a full round; else retry alone.
        const full = o.status === 410 || o.status === 400;
        const d = await followDelta(integration, o.mailbox, full ? { restart: true } : {});
        result.changes += d.changes;
        finished.set(o.mailbox, d.changes);
        if (!full) caughtUp.add(o.mailbox);
      } catch (e) {
        await fail(o.mailbox, e);
      }
    }
    // Aged windows: the old link was just followed (its deletions applied, its @removed re-read), so
    // a fresh round over the current window can replace it. The fresh round lists what is there and
    // removes nothing; if it fails, the old link stays and the next reconcile tries again.
    for (const t of chunk.filter((x) => caughtUp.has(x.mailbox) && windowAged(stateOf(x.mailbox)))) {
      try {
        const d = await followDelta(integration, t.mailbox, { restart: true, state: stateOf(t.mailbox) ?? null });
        result.changes += d.changes;
        finished.set(t.mailbox, (finished.get(t.mailbox) ?? 0) + d.changes);
        result.windowsRenewed++;
      } catch (e) {
        await fail(t.mailbox, e);
      }
    }
  }

  return {
    order: (targets) =>
      targets
        .map((t, n) => ({ t, n, at: lastRead(t.mailbox) }))
        .sort((a, b) => a.at - b.at || a.n - b.n)
        .map((x) => x.t),
    request: (mailbox) => ({
      mailbox,
      method: "GET",
      url: relativeGraphUrl(stateOf(mailbox)?.deltaLink ?? freshDeltaUrl(mailbox, undefined, win)),
      headers: { Prefer: DELTA_PREFER },
    }),
    settle,
    result: () => ({ ...result, finished }),
  };
}

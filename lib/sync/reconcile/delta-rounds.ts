// Reconcile's delta step for many calendars: first pages in `$batch` of ≤ 20, applied together and
// their delta links stored in one statement; further pages, expired tokens, refused sub-requests and
// aged windows per calendar (inbound/delta.ts). Failures are handed to the caller's `fail`, per calendar.
import type { Integration } from "@/db/schema";
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
import { chunks, sendBatch, type BatchAnswer } from "@/lib/sync/batch";
import { logSyncMany, type SyncLogInput } from "@/lib/sync/sync-log";

/** What the delta step did, added into the reconcile's result. */
export interface DeltaRounds {
  changes: number;
  graphBatches: number;
  windowsRenewed: number;
  /** Calendars whose round finished, with the bookings it changed: an initial sync still open is done then. */
  finished: Map<string, number>;
}

export async function deltaRounds(
  integration: Integration,
  targets: { mailbox: string }[],
  fail: (mailbox: string, e: unknown) => Promise<void>,
): Promise<DeltaRounds> {
  const integrationId = integration.id;
  const result = { changes: 0, graphBatches: 0, windowsRenewed: 0 };
  const states = await loadSyncStates(integrationId);
  /** Calendars whose round finished, with the bookings it changed: an initial sync still open is done then. */
  const finished = new Map<string, number>();
  for (const chunk of chunks(targets)) {
    const stateOf = (mailbox: string) => states.get(mailbox.toLowerCase());
    const win = syncWindow();
    let answers: (BatchAnswer | undefined)[];
    try {
      answers = await sendBatch(
        integration,
        chunk.map((t) => ({
          mailbox: t.mailbox,
          method: "GET",
          url: relativeGraphUrl(stateOf(t.mailbox)?.deltaLink ?? freshDeltaUrl(t.mailbox, undefined, win)),
          headers: { Prefer: DELTA_PREFER },
        })),
      );
      result.graphBatches++;
    } catch (e) {
      for (const t of chunk) await fail(t.mailbox, e);
      continue;
    }
    const firstPages: { mailbox: string; page: DeltaPage }[] = [];
    const others: { mailbox: string; status: number }[] = [];
    for (const [n, t] of chunk.entries()) {
      const r = answers[n];
      if (!r) continue;
      if (r.status === 200 && r.body) firstPages.push({ mailbox: t.mailbox, page: r.body });
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
    for (const o of others) {
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
  return { ...result, finished };
}

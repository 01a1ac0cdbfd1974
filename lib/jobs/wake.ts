// Wake-ups: whoever adds work (a webhook's inbox rows, a booking's outbox row, a queued job) nudges
// the workers so it is picked up at once instead of at the next poll. In this process an event
// emitter; on the PostgreSQL server also `NOTIFY roomlink_jobs`, which every worker process LISTENs
// to (listenForWakes). Best effort throughout: losing a nudge only costs one poll interval.
import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import { serverClient, type Tx } from "@/db/client";
import { log } from "@/lib/log";

export const WAKE_CHANNEL = "roomlink_jobs";

const g = globalThis as unknown as { __roomlinkWake?: EventEmitter };
const emitter: EventEmitter = (g.__roomlinkWake ??= new EventEmitter().setMaxListeners(50));

const wakeHere = () => emitter.emit("wake");

/** A NOTIFY on its way, and whether another wake asked for one meanwhile: bursts send two, not one each. */
const notifying = { busy: false, again: false };

async function notifyServer(): Promise<void> {
  if (notifying.busy) {
    notifying.again = true;
    return;
  }
  notifying.busy = true;
  try {
    do {
      notifying.again = false;
      const client = await serverClient();
      await client?.notify(WAKE_CHANNEL, "");
    } while (notifying.again);
  } finally {
    notifying.busy = false;
  }
}

/** After a committed write: wake this process's worker and, on the server, every other one. */
export function wakeWorkers(): void {
  wakeHere();
  notifyServer().catch((err: unknown) => log.warn({ err, area: "jobs" }, "could not notify the workers"));
}

/** Transactions that already carry a NOTIFY: Postgres folds repeats, this saves their round trips. */
const notified = new WeakSet<Tx>();

/**
 * Inside a write's transaction: the workers are woken when it commits, so they see its rows. On the
 * server a NOTIFY on the transaction itself (Postgres delivers it at commit, to this process's
 * listener too; nothing on rollback), in a savepoint so that a failure never aborts the write. On
 * the embedded database nothing: a signal from inside the transaction let the worker's pump run on
 * PGlite's one session before the write had finished (an "all occurrences" series move was then
 * written to Outlook half-way: series.test.ts caught it), and PGlite offers no commit hook, so the
 * embedded worker's poll (1 s) picks the row up.
 */
export async function wakeWorkersOnCommit(tx: Tx): Promise<void> {
  let server: boolean;
  try {
    server = (await serverClient()) !== null;
  } catch {
    server = false;
  }
  if (!server) return;
  if (notified.has(tx)) return;
  notified.add(tx);
  try {
    await tx.transaction((sp) => sp.execute(sql`select pg_notify(${WAKE_CHANNEL}, '')`));
  } catch (err) {
    log.warn({ err, area: "jobs" }, "could not notify the workers");
  }
}

export function onWake(fn: () => void): () => void {
  emitter.on("wake", fn);
  return () => emitter.off("wake", fn);
}

/**
 * On the server: hold one LISTEN connection (postgres-js reconnects it by itself) whose
 * notifications wake this process's worker. A (re)connect wakes it too, for anything sent while it
 * was down. Resolves to the function that stops listening; a no-op on the embedded database.
 */
export async function listenForWakes(fn: () => void): Promise<() => Promise<void>> {
  const client = await serverClient();
  if (!client) return async () => {};
  const meta = await client.listen(WAKE_CHANNEL, () => fn(), fn);
  return () => meta.unlisten();
}

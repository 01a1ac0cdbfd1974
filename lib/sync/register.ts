// lib/sync/ (shared) — register.ts wires the engine into lib/jobs; jobs.ts names its job kinds;
// graph-access.ts, sync-log.ts, paths.ts, insert-many.ts, mailbox.ts, booking-property.ts (our id on events),
// instances.ts (a series' instances) and respond.ts (the room's answer) serve every direction; queries.ts and
// actions.ts serve the UI; test-world.ts / test-events.ts are the tests' sandbox tenant. Directions: webhook/ →
// inbound/ (and inbound/series/), outbound/ (and outbound/series/), reconcile/.
// Wires the sync engine into the job runner (lib/jobs imports nothing from here: start-up calls this):
// handlers for inbound events, lifecycle events, delta catch-up, reconciles and activation's initial
// sync, the pumps that move inbox (and outbox) rows into jobs, the reconcile schedule and the outbox hook.
import { defineJob, registerJob, registerPump, registerSchedule, SCHEDULE_RECONCILE, startJobs } from "@/lib/jobs";
import type { JobsHandle } from "@/lib/jobs/runner";
import { wakeWorkers } from "@/lib/jobs/wake";
import { runCalendarDelta } from "@/lib/sync/inbound/delta";
import { pumpInbox } from "@/lib/sync/inbound/inbox-pump";
import { handleLifecycle } from "@/lib/sync/inbound/lifecycle";
import { processEvent } from "@/lib/sync/inbound/process";
import { pumpOutbox, registerOutboxHook } from "@/lib/sync/outbound/outbox";
import { processOutbound } from "@/lib/sync/outbound/process";
import { reconcileIntegration, scheduleReconciles } from "@/lib/sync/reconcile/reconcile";
import { deltaJob, eventJob, initialSyncJob, lifecycleJob, outboundJob, reconcileJob } from "./jobs";

/** The sync engine's job definitions: each kind of ./jobs.ts with its handler. */
export const syncJobs = {
  event: defineJob({
    ...eventJob,
    handler: async (p) => {
      await processEvent(p);
    },
  }),
  lifecycle: defineJob({ ...lifecycleJob, handler: (p) => handleLifecycle(p) }),
  delta: defineJob({
    ...deltaJob,
    handler: async (p) => {
      await runCalendarDelta(p.integrationId, p.mailbox);
    },
  }),
  outbound: defineJob({ ...outboundJob, handler: (p) => processOutbound(p.bookingId, p.integrationId) }),
  reconcile: defineJob({
    ...reconcileJob,
    handler: async (p) => {
      await reconcileIntegration(p.integrationId);
    },
  }),
  // Activation's first full sync (initial-sync.ts): the same rounds, without the subscription step.
  initialSync: defineJob({
    ...initialSyncJob,
    handler: async (p) => {
      await reconcileIntegration(p.integrationId, { initial: true });
    },
  }),
};

let registered = false;

/** Idempotent. Registers the handlers, pumps and reconcile schedule, and fills the outbox on booking writes. */
export function registerSync(): void {
  if (registered) return;
  registered = true;
  registerJob(syncJobs.event);
  registerJob(syncJobs.lifecycle);
  registerJob(syncJobs.delta);
  registerJob(syncJobs.outbound);
  registerJob(syncJobs.reconcile);
  registerJob(syncJobs.initialSync);
  registerPump(() => pumpInbox());
  registerPump(() => pumpOutbox());
  // Reconcile schedule (DESIGN §2: default every 5 minutes), one round per period across processes.
  registerSchedule(SCHEDULE_RECONCILE, async () => {
    const n = await scheduleReconciles();
    wakeWorkers();
    return n;
  });
  registerOutboxHook();
}

/** Start-up of a process that runs sync work: the engine registered, then the worker loop (idempotent). */
export function startSyncJobs(opts?: Parameters<typeof startJobs>[0]): JobsHandle {
  registerSync();
  return startJobs(opts);
}

// lib/sync/ (shared) — register.ts wires the engine into lib/jobs; graph-access.ts, sync-log.ts,
// paths.ts, insert-many.ts and mailbox.ts serve every direction; queries.ts and actions.ts serve the UI;
// test-world.ts / test-events.ts are the tests' sandbox tenant. Directions: webhook/ → inbound/ (and
// inbound/series/), outbound/ (and outbound/series/), reconcile/.
// Wires the sync engine into the job runner: handlers for inbound events, lifecycle events, delta
// catch-up, reconciles and activation's initial sync, and the pumps that move inbox (and outbox) rows into jobs.
import type { Job } from "@/db/schema";
import { JOB_INITIAL_SYNC } from "@/lib/integrations/lifecycle";
import { registerJobHandler, registerPump } from "@/lib/jobs/runner";
import { runCalendarDelta } from "@/lib/sync/inbound/delta";
import { JOB_DELTA, JOB_EVENT, JOB_LIFECYCLE, pumpInbox } from "@/lib/sync/inbound/inbox-pump";
import { handleLifecycle, type LifecycleJob } from "@/lib/sync/inbound/lifecycle";
import { JOB_OUTBOUND, pumpOutbox, registerOutboxHook } from "@/lib/sync/outbound/outbox";
import { processEvent, type EventJob } from "@/lib/sync/inbound/process";
import { processOutbound } from "@/lib/sync/outbound/process";
import { JOB_RECONCILE, reconcileIntegration } from "@/lib/sync/reconcile/reconcile";

let registered = false;

export function registerSync(): void {
  if (registered) return;
  registered = true;
  registerJobHandler(JOB_EVENT, async (job: Job) => {
    await processEvent(job.payload as unknown as EventJob);
  });
  registerJobHandler(JOB_LIFECYCLE, (job: Job) => handleLifecycle(job.payload as unknown as LifecycleJob));
  registerJobHandler(JOB_DELTA, async (job: Job) => {
    const p = job.payload as { integrationId: string; mailbox: string };
    await runCalendarDelta(p.integrationId, p.mailbox);
  });
  registerJobHandler(JOB_OUTBOUND, (job: Job) => {
    const p = job.payload as { bookingId: string; integrationId?: string };
    return processOutbound(String(p.bookingId), p.integrationId);
  });
  registerJobHandler(JOB_RECONCILE, async (job: Job) => {
    await reconcileIntegration(String(job.payload.integrationId));
  });
  // Activation's first full sync (initial-sync.ts): the same rounds, without the subscription step.
  registerJobHandler(JOB_INITIAL_SYNC, async (job: Job) => {
    await reconcileIntegration(String(job.payload.integrationId), { initial: true });
  });
  registerPump(() => pumpInbox());
  registerPump(() => pumpOutbox());
  registerOutboxHook();
}

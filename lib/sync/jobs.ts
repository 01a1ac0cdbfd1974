// The sync engine's job kinds: each job's name and the zod schema of its payload. Code that queues
// sync work imports these (a leaf module: no handlers, so no import cycles); lib/sync/register.ts
// gives each kind its handler and registers it with lib/jobs, whose runner checks every payload again
// when it claims the job.
import { z } from "zod";
import { jobKind } from "@/lib/jobs/define";
import { JOB_INITIAL_SYNC, initialSyncJob } from "@/lib/integrations/lifecycle";

export const JOB_EVENT = "sync.inbound-event";
export const JOB_LIFECYCLE = "sync.lifecycle";
export const JOB_DELTA = "sync.delta";
export const JOB_OUTBOUND = "sync.outbound";
export const JOB_RECONCILE = "sync.reconcile";
export { JOB_INITIAL_SYNC, initialSyncJob };

const id = z.string();

/** One Outlook event to read and apply (inbound/process.ts); bursts collapse on the job key. */
export const eventJob = jobKind(JOB_EVENT, z.object({ integrationId: id, mailbox: id, eventId: id }));
export type EventJob = z.output<typeof eventJob.payload>;

/** A subscription's lifecycle notification (inbound/lifecycle.ts). */
export const lifecycleJob = jobKind(
  JOB_LIFECYCLE,
  z.object({ integrationId: id, subscriptionId: id, lifecycleEvent: id, mailbox: id }),
);
export type LifecycleJob = z.output<typeof lifecycleJob.payload>;

/** One calendar's delta catch-up (inbound/delta.ts). */
export const deltaJob = jobKind(JOB_DELTA, z.object({ integrationId: id, mailbox: id }));

/** One booking written to one integration's Outlook (outbound/process.ts). */
export const outboundJob = jobKind(JOB_OUTBOUND, z.object({ bookingId: id, integrationId: id.optional() }));

/** One integration's reconcile round (reconcile/reconcile.ts). */
export const reconcileJob = jobKind(JOB_RECONCILE, z.object({ integrationId: id }));

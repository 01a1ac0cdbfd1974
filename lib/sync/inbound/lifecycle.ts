// Lifecycle notifications, handled in the queue: reauthorizationRequired → reauthorize (or renew),
// subscriptionRemoved → recreate and catch up by delta, missed → catch up by delta.
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { subscriptions } from "@/db/schema";
import { enqueue } from "@/lib/jobs/queue";
import { getIntegration, reauthorizeSubscription, recreateSubscription } from "@/lib/integrations";
import { mailboxGroup } from "@/lib/sync/graph-access";
import { deltaJob, type LifecycleJob } from "@/lib/sync/jobs";
import { logSync } from "@/lib/sync/sync-log";

export async function enqueueDelta(integrationId: string, mailbox: string): Promise<void> {
  await enqueue(
    deltaJob,
    { integrationId, mailbox },
    { key: `${integrationId}|${mailbox.toLowerCase()}`, groupKey: mailboxGroup(integrationId, mailbox) },
  );
}

export async function handleLifecycle(job: LifecycleJob): Promise<void> {
  const integration = await getIntegration(job.integrationId);
  const db = await getDb();
  const [sub] = await db.select().from(subscriptions).where(eq(subscriptions.graphId, job.subscriptionId));
  const base = { integrationId: integration.id, direction: "subscription" as const, mailbox: job.mailbox };
  if (job.lifecycleEvent === "reauthorizationRequired") {
    if (!sub) return;
    await reauthorizeSubscription(integration, sub);
    await logSync({ ...base, action: "reauthorize", outcome: "ok" });
    return;
  }
  if (job.lifecycleEvent === "subscriptionRemoved" && sub) {
    await recreateSubscription(integration, sub);
    await logSync({
      ...base,
      action: "recreate",
      outcome: "ok",
      code: "subscription_recreated",
    });
  }
  await enqueueDelta(integration.id, job.mailbox);
}

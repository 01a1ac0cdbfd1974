// Turns persisted inbox rows into queue jobs in one transaction: change notifications become one
// pending job per event (bursts collapse on the job key), lifecycle events their own jobs; each kind
// queued in one statement.
import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { inboxNotifications } from "@/db/schema";
import { enqueueMany, rowsOf, type ManyItem } from "@/lib/jobs/queue";
import { mailboxGroup } from "@/lib/sync/graph-access";
import { eventJob, lifecycleJob, type EventJob, type LifecycleJob } from "@/lib/sync/jobs";

export const eventJobKey = (integrationId: string, mailbox: string, eventId: string) =>
  `${integrationId}|${mailbox.toLowerCase()}|${eventId}`;

export async function pumpInbox(limit = 500): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const res = await tx.execute(sql`
      select id, integration_id, subscription_id, mailbox, event_id, kind from inbox_notifications
      where processed_at is null order by id limit ${limit} for update skip locked`);
    const rows = rowsOf<{
      id: number | string;
      integration_id: string;
      subscription_id: string;
      mailbox: string;
      event_id: string;
      kind: string;
    }>(res);
    if (!rows.length) return 0;
    // A burst is two inserts (events, lifecycle events), not one per notification.
    const events: ManyItem<EventJob>[] = [];
    const lifecycles: ManyItem<LifecycleJob>[] = [];
    for (const r of rows) {
      const groupKey = mailboxGroup(r.integration_id, r.mailbox);
      if (r.kind === "change") {
        if (!r.event_id) continue;
        events.push({
          payload: { integrationId: r.integration_id, mailbox: r.mailbox, eventId: r.event_id },
          opts: { key: eventJobKey(r.integration_id, r.mailbox, r.event_id), groupKey },
        });
      } else {
        lifecycles.push({
          payload: {
            integrationId: r.integration_id,
            subscriptionId: r.subscription_id,
            lifecycleEvent: r.kind,
            mailbox: r.mailbox,
          },
          opts: { key: `${r.subscription_id}|${r.kind}`, groupKey },
        });
      }
    }
    await enqueueMany(eventJob, events, tx);
    await enqueueMany(lifecycleJob, lifecycles, tx);
    await tx
      .update(inboxNotifications)
      .set({ processedAt: new Date(), outcome: "queued" })
      .where(
        inArray(
          inboxNotifications.id,
          rows.map((r) => Number(r.id)),
        ),
      );
    return rows.length;
  });
}

/** Used by tests: mark one inbox row as handled with an outcome. */
export async function markInbox(id: number, outcome: string): Promise<void> {
  const db = await getDb();
  await db.update(inboxNotifications).set({ processedAt: new Date(), outcome }).where(eq(inboxNotifications.id, id));
}

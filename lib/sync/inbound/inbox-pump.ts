// Turns persisted inbox rows into queue jobs in one transaction: change notifications become one
// pending job per event (bursts collapse on the job key), lifecycle events their own jobs.
import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { inboxNotifications } from "@/db/schema";
import { enqueue, rowsOf } from "@/lib/jobs/queue";
import { mailboxGroup } from "@/lib/sync/graph-access";
import { eventJob, lifecycleJob } from "@/lib/sync/jobs";

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
    for (const r of rows) {
      const group = mailboxGroup(r.integration_id, r.mailbox);
      if (r.kind === "change") {
        if (!r.event_id) continue;
        await enqueue(
          eventJob,
          { integrationId: r.integration_id, mailbox: r.mailbox, eventId: r.event_id },
          { key: eventJobKey(r.integration_id, r.mailbox, r.event_id), groupKey: group },
          tx,
        );
      } else {
        await enqueue(
          lifecycleJob,
          {
            integrationId: r.integration_id,
            subscriptionId: r.subscription_id,
            lifecycleEvent: r.kind,
            mailbox: r.mailbox,
          },
          { key: `${r.subscription_id}|${r.kind}`, groupKey: group },
          tx,
        );
      }
    }
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

// Diagnostics read models on both DB kinds: dead letters per integration, retry, queue depth,
// reconcile progress without leaking the delta link.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { calendarSyncState, integrations, jobs, syncLog } from "@/db/schema";
import { deadLettersFor, queueDepth, reconcileProgress, reconcileStatus, retryDeadLetter } from "./queries";
import { JOB_RECONCILE } from "@/lib/sync/jobs";

describe.each(testDbKinds)("sync diagnostics queries (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it("lists an integration's dead letters, retries one, and reports queue depth and progress", async () => {
    const [i] = await t.db.insert(integrations).values({ name: "Q" }).returning();
    const [dead] = await t.db
      .insert(jobs)
      .values({
        name: "sync.inbound-event",
        payload: { integrationId: i!.id },
        state: "dead",
        attempts: 8,
        finishedAt: new Date(),
        lastError: "boom",
      })
      .returning();
    await t.db.insert(jobs).values({
      name: "sync.inbound-event",
      payload: { integrationId: "other" },
      state: "dead",
      finishedAt: new Date(),
    });
    expect((await deadLettersFor(i!.id)).map((j) => j.id)).toEqual([dead!.id]);
    expect(await queueDepth()).toMatchObject({ dead: 2, pending: 0 });
    expect(await retryDeadLetter(dead!.id)).toBe(true);
    expect(await deadLettersFor(i!.id)).toEqual([]);
    expect(await queueDepth()).toMatchObject({ dead: 1, pending: 1 });
    await t.db.insert(calendarSyncState).values({
      integrationId: i!.id,
      mailbox: "room@x",
      deltaLink: "https://graph/delta?token=secret",
      lastReconcileAt: new Date(),
      lastReconcileChanges: 3,
    });
    const [p] = await reconcileProgress(i!.id);
    expect(p).toMatchObject({ mailbox: "room@x", hasDeltaLink: true, lastReconcileChanges: 3 });
    expect(JSON.stringify(p)).not.toContain("secret");
  });

  it("says whether a reconcile runs, waits, or is idle, and how the last round ended", async () => {
    const [i] = await t.db.insert(integrations).values({ name: "R" }).returning();
    expect(await reconcileStatus(i!.id)).toEqual({ state: "idle", last: null });
    const [job] = await t.db
      .insert(jobs)
      .values({ name: JOB_RECONCILE, key: i!.id, payload: { integrationId: i!.id } })
      .returning();
    expect((await reconcileStatus(i!.id)).state).toBe("queued");
    // A retry waiting on its back-off is not "queued now".
    await t.db
      .update(jobs)
      .set({ runAfter: new Date(Date.now() + 60_000) })
      .where(eq(jobs.id, job!.id));
    expect((await reconcileStatus(i!.id)).state).toBe("idle");
    await t.db.update(jobs).set({ state: "running" }).where(eq(jobs.id, job!.id));
    expect((await reconcileStatus(i!.id)).state).toBe("running");
    await t.db.insert(syncLog).values({
      integrationId: i!.id,
      direction: "reconcile",
      action: "reconcile",
      outcome: "ok",
      message: "2 calendars, 1 changes",
    });
    expect((await reconcileStatus(i!.id)).last).toMatchObject({ outcome: "ok", message: "2 calendars, 1 changes" });
  });
});

// The schedule in one process on both database kinds: reconcile rounds really run on their own
// (last_sync_at set, one reconcile per integration per round), a round is claimed only once, and a
// round that fails is stored with its reason and shown until a later round succeeds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, gt, sql } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { must } from "@/lib/invariant";
import { integrations, jobs, scheduleRounds, syncLog } from "@/db/schema";
import { startJobs, SCHEDULE_RECONCILE } from "@/lib/jobs";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { lastFailedRound, roundOf, runRound } from "./schedule";

describe.each(testDbKinds)("scheduled rounds (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("an in-app worker reconciles every integration once per round, by itself", async () => {
    // Activation's own first sync is not the schedule's: let it finish and count from there.
    await w.jobs.idle();
    await w.jobs.stop();
    const [before] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
    const { last } = must(
      (await w.t.db.select({ last: sql<number>`coalesce(max(${syncLog.id}), 0)::int` }).from(syncLog))[0],
      "max(sync_log.id)",
    );
    const { lastJob } = must(
      (await w.t.db.select({ lastJob: sql<number>`coalesce(max(${jobs.id}), 0)::int` }).from(jobs))[0],
      "max(jobs.id)",
    );
    w.jobs = startJobs({ pollMs: 100, reconcileEveryMs: 1000 });
    const reconciles = () =>
      w.t.db
        .select()
        .from(syncLog)
        .where(
          and(
            eq(syncLog.integrationId, w.integrationId),
            eq(syncLog.action, "reconcile"),
            gt(syncLog.id, Number(last)),
          ),
        );
    await w.waitFor(async () => (await reconciles()).length >= 3, 15_000);
    await w.jobs.stop();
    w.jobs = startJobs({ pollMs: 100 });
    const rounds = await w.t.db.select().from(scheduleRounds).where(eq(scheduleRounds.name, SCHEDULE_RECONCILE));
    expect(rounds.every((r) => r.outcome === "ok")).toBe(true);
    const scheduled = await w.t.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.name, "sync.reconcile"), gt(jobs.id, Number(lastJob))));
    // One reconcile job per round (the last round's may still have been queued when the loop stopped).
    expect(scheduled.length).toBeGreaterThanOrEqual(rounds.length - 1);
    expect(scheduled.length).toBeLessThanOrEqual(rounds.length);
    expect((await reconciles()).length).toBeLessThanOrEqual(rounds.length);
    const [after] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
    expect(after!.lastSyncAt!.getTime()).toBeGreaterThan(before!.lastSyncAt?.getTime() ?? 0);
    // The prune round ran on this database kind too (it once failed on the server on every round).
    const prunes = await w.t.db.select().from(scheduleRounds).where(eq(scheduleRounds.name, "prune"));
    expect(prunes.length).toBeGreaterThan(0);
    expect(prunes.every((r) => r.outcome === "ok")).toBe(true);
  }, 30_000);

  it("claims a round once however many processes tick in it", async () => {
    let ran = 0;
    const s = {
      name: "test-once",
      everyMs: 60_000,
      run: () => {
        ran++;
        return Promise.resolve(1);
      },
    };
    const now = Date.now();
    const outcomes = await Promise.all(["a", "b", "c", "d"].map((owner) => runRound(s, owner, now)));
    expect(outcomes.filter((o) => o === "ran")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "taken")).toHaveLength(3);
    expect(ran).toBe(1);
    expect(await runRound(s, "a", roundOf(60_000, now).getTime() + 60_000)).toBe("ran");
  });

  it("stores a failed round with when and why, shown until a later round succeeds", async () => {
    const base = roundOf(60_000).getTime() - 10 * 60_000;
    const ok = { name: "test-fail", everyMs: 60_000, run: () => Promise.resolve(0) };
    await runRound(ok, "a", base);
    const failing = {
      ...ok,
      run: () => Promise.reject(Object.assign(new Error("connection refused"), { code: "ECONNREFUSED" })),
    };
    expect(await runRound(failing, "a", base + 60_000)).toBe("failed");
    const failed = await lastFailedRound("test-fail");
    expect(failed).toMatchObject({ outcome: "failed", claimedBy: "a", error: "connection refused [ECONNREFUSED]" });
    expect(failed!.roundAt.getTime()).toBe(base + 60_000);
    expect(failed!.finishedAt).not.toBeNull();
    await runRound(ok, "b", base + 120_000);
    expect(await lastFailedRound("test-fail")).toBeNull();
  });
});

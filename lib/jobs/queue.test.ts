// Queue on both DB kinds: dedupe by key, per-group concurrency, retries into dead letters and back,
// throttling deferral without spending attempts, a crashed worker's job re-run after its lease, a
// long job kept by lease renewal (run once on two workers), a stale claim's outcome ignored, pruning.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { jobs } from "@/db/schema";
import { ThrottledError } from "@/lib/graph/errors";
import { must } from "@/lib/invariant";
import {
  claimJobs,
  completeJob,
  deadLetters,
  enqueue,
  failJob,
  MAX_PER_GROUP,
  pruneJobs,
  retryDeadLetter,
} from "./queue";
import { z } from "zod";
import { defineJob, jobKind, JobPayloadError } from "./define";
import { registerJob, runJob, startWorker } from "./runner";

const empty = z.object({});
/** A test job of this name with an empty payload, registered with `handler`. */
const job = (name: string, handler: () => Promise<void>) => {
  const def = defineJob({ name, payload: empty, handler });
  registerJob(def);
  return def;
};
const counted = jobKind("q.counted", z.object({ n: z.number() }));

describe.each(testDbKinds)("job queue (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.db.delete(jobs);
  });

  it("collapses jobs with the same key while one is pending", async () => {
    expect(await enqueue(counted, { n: 1 }, { key: "k" })).toBe(true);
    expect(await enqueue(counted, { n: 2 }, { key: "k" })).toBe(false);
    expect(await t.db.select().from(jobs)).toHaveLength(1);
  });

  it("refuses a payload that does not fit its job's schema at the caller, and stores nothing", async () => {
    const bad = { n: "one" } as unknown as { n: number }; // what an untyped caller could pass
    const err = await enqueue(counted, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobPayloadError);
    expect((err as JobPayloadError).message).toMatch(/^job q\.counted: payload does not fit its definition: .*n/);
    // By name (the legacy signature) the kind's schema still applies once this process knows it.
    await expect(enqueue("q.counted", { n: "one" })).rejects.toBeInstanceOf(JobPayloadError);
    expect(await t.db.select().from(jobs)).toHaveLength(0);
  });

  it("dead-letters at once a claimed job whose stored payload no longer fits, without running it", async () => {
    let ran = 0;
    const def = defineJob({
      name: "q.shape",
      payload: z.object({ bookingId: z.string() }),
      handler: () => {
        ran++;
        return Promise.resolve();
      },
    });
    registerJob(def);
    await t.db.insert(jobs).values({ name: def.name, payload: { bookingId: 42 }, maxAttempts: 5 });
    const [claimed] = await claimJobs(1, [def.name]);
    expect(await runJob(must(claimed, "claimed job"))).toBe("dead");
    expect(ran).toBe(0);
    const [row] = await t.db.select().from(jobs);
    expect(row).toMatchObject({ state: "dead", attempts: 1 });
    expect(row?.lastError).toMatch(/^job q\.shape: payload does not fit its definition: .*bookingId/);
  });

  it("never runs more than 4 jobs of one mailbox group at once, nor one key twice", async () => {
    const group = jobKind("q.group", z.object({ i: z.number().optional() }));
    for (let i = 0; i < 10; i++) await enqueue(group, { i }, { groupKey: "integ|room@x" });
    await enqueue(group, {}, { groupKey: "integ|other@x" });
    const first = await claimJobs(20, ["q.group"]);
    const byGroup = (g: string) => first.filter((j) => j.groupKey === g).length;
    expect(byGroup("integ|other@x")).toBe(1);
    expect(byGroup("integ|room@x")).toBeLessThanOrEqual(MAX_PER_GROUP);
    expect(await claimJobs(20, ["q.group"])).toHaveLength(Math.max(0, MAX_PER_GROUP - byGroup("integ|room@x")));
  });

  it("a crashed worker's job and a twin queued meanwhile under its key are never claimed together", async () => {
    // A worker died while running the booking's outbound job (its lease runs out); reconcile queued
    // the same work again under the same key. One claim may take one of them, never both: two
    // workers writing the same booking at once is how bench:faults saw one event created twice.
    const twin = jobKind("q.twin", z.object({ bookingId: z.string() }));
    await t.db.insert(jobs).values({
      name: twin.name,
      key: "b1",
      payload: { bookingId: "b1" },
      state: "running",
      attempts: 1,
      leaseOwner: "dead-worker",
      leaseUntil: new Date(Date.now() - 1000),
    });
    expect(await enqueue(twin, { bookingId: "b1" }, { key: "b1" })).toBe(true);
    await enqueue(twin, { bookingId: "b2" }, { key: "b2" });
    const claimed = await claimJobs(10, [twin.name], "w2");
    expect(claimed.map((j) => j.key).sort()).toEqual(["b1", "b2"]);
    // the crashed one is taken over first (it may have half-written); its twin waits for it
    expect(claimed.find((j) => j.key === "b1")).toMatchObject({ attempts: 2, leaseOwner: "w2" });
    expect(await claimJobs(10, [twin.name], "w3")).toHaveLength(0);
  });

  it("retries a failing job with back-off, then dead-letters it, and retries it on request", async () => {
    let calls = 0;
    const poison = job("q.poison", () => {
      calls++;
      return Promise.reject(new Error("boom"));
    });
    await enqueue(poison, {}, { maxAttempts: 2 });
    const [a] = await claimJobs(1, ["q.poison"]);
    expect(await runJob(a!)).toBe("retry");
    await t.db.update(jobs).set({ runAfter: new Date(0) });
    const [b] = await claimJobs(1, ["q.poison"]);
    expect(await runJob(b!)).toBe("dead");
    const dead = await deadLetters();
    expect(dead.map((d) => d.lastError)).toEqual(["boom"]);
    expect(await retryDeadLetter(dead[0]!.id)).toBe(true);
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, dead[0]!.id));
    expect(row).toMatchObject({ state: "pending", attempts: 0 });
    expect(calls).toBe(2);
  });

  it("defers a throttled job by Retry-After without spending an attempt", async () => {
    await enqueue(
      job("q.throttled", () => Promise.reject(new ThrottledError(7))),
      {},
    );
    const [j] = await claimJobs(1, ["q.throttled"]);
    expect(await runJob(j!)).toBe("deferred");
    const [row] = await t.db.select().from(jobs);
    expect(row!.attempts).toBe(0);
    expect(row!.runAfter.getTime() - Date.now()).toBeGreaterThan(6000);
  });

  it("re-runs a job whose worker died mid-run once its lease expires", async () => {
    let ran = 0;
    const crash = job("q.crash", () => {
      ran++;
      return Promise.resolve();
    });
    await enqueue(crash, {}, { key: "only" });
    const [claimed] = await claimJobs(1, ["q.crash"]); // this "worker" dies without finishing
    expect(claimed).toBeDefined();
    expect(await claimJobs(1, ["q.crash"])).toHaveLength(0);
    await t.db.update(jobs).set({ leaseUntil: sql`now() - interval '1 second'` });
    const w = startWorker({ pollMs: 50 });
    await w.idle();
    await w.stop();
    expect(ran).toBe(1);
    const [row] = await t.db.select().from(jobs);
    expect(row!.state).toBe("done");
  });

  it("a job that outlives its lease runs once on two workers: the lease is renewed while it runs", async () => {
    let ran = 0;
    const long = job("q.long", async () => {
      ran++;
      await new Promise((r) => setTimeout(r, 1500));
    });
    await enqueue(long, {});
    // A 300 ms lease and a 1.5 s job: without renewal the second worker re-claims it five times over.
    const a = startWorker({ pollMs: 30, leaseMs: 300 });
    const b = startWorker({ pollMs: 30, leaseMs: 300 });
    try {
      for (let waited = 0; (await t.db.select().from(jobs))[0]!.state !== "done"; waited += 50) {
        if (waited > 10_000) throw new Error("the long job never finished");
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(ran).toBe(1);
    const [row] = await t.db.select().from(jobs);
    expect(row).toMatchObject({ state: "done", attempts: 1 });
  });

  it("ignores the outcome of a worker whose lease was taken over", async () => {
    await enqueue(jobKind("q.stale", empty), {});
    const [first] = await claimJobs(1, ["q.stale"], "worker-a", 60_000);
    await t.db.update(jobs).set({ leaseUntil: sql`now() - interval '1 second'` });
    const [second] = await claimJobs(1, ["q.stale"], "worker-b", 60_000);
    expect(second).toMatchObject({ id: first!.id, attempts: 2, leaseOwner: "worker-b" });
    // Worker A wakes up from its long sleep: neither its success nor its failure may touch B's run.
    expect(await completeJob(first!)).toBe(false);
    expect(await failJob(first!, "late failure")).toBe("stale");
    const [mid] = await t.db.select().from(jobs);
    expect(mid).toMatchObject({ state: "running", leaseOwner: "worker-b", lastError: null });
    expect(await completeJob(second!)).toBe(true);
    const [row] = await t.db.select().from(jobs);
    expect(row!.state).toBe("done");
  });

  it("prunes finished jobs older than a day and keeps dead letters and recent ones", async () => {
    const prune = jobKind("q.prune", z.object({ n: z.number() }));
    await enqueue(prune, { n: 1 });
    await enqueue(prune, { n: 2 });
    await enqueue(prune, { n: 3 });
    const rows = await t.db.select().from(jobs).orderBy(jobs.id);
    const old = new Date(Date.now() - 2 * 24 * 3600_000);
    await t.db.update(jobs).set({ state: "done", finishedAt: old }).where(eq(jobs.id, rows[0]!.id));
    await t.db.update(jobs).set({ state: "dead", finishedAt: old }).where(eq(jobs.id, rows[1]!.id));
    await t.db.update(jobs).set({ state: "done", finishedAt: new Date() }).where(eq(jobs.id, rows[2]!.id));
    expect(await pruneJobs()).toBe(1);
    expect((await t.db.select().from(jobs).orderBy(jobs.id)).map((j) => j.state)).toEqual(["dead", "done"]);
  });
});

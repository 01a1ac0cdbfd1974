// Self-repair against the sandbox: missed notifications recovered by delta, expired delta tokens,
// subscription renewal / recreation with $batch counts, a 429 storm, and a worker stopped mid-way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, gt as after, isNull, sql } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { must } from "@/lib/invariant";
import { inboxNotifications, integrations, jobs, problems, subscriptions, syncLog } from "@/db/schema";
import { forgetIdentity } from "@/lib/graph";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { startSyncJobs } from "@/lib/sync/register";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { reconcileIntegration } from "./reconcile";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

describe.each(testDbKinds)("reconcile and faults against the sandbox (%s)", (kind) => {
  let w: SyncWorld;
  let graph: SandboxGraphService;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    graph = w.sb.graph as SandboxGraphService;
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const book = (subject: string, start: Date, upn: string) =>
    w.graph.api(`/users/${w.organizer}/events`).post({
      subject,
      start: gt(start),
      end: gt(new Date(start.getTime() + 3600_000)),
      attendees: [{ type: "resource", emailAddress: { address: upn } }],
    }) as Promise<{ id: string }>;
  const titled = async (roomId: string, title: string) =>
    (await w.bookingsOf(roomId)).filter((b) => b.title === title && b.statusId !== w.statuses.cancelled.id);

  it("renews expiring subscriptions, recreates missing ones, and reads 2 calendars in one $batch", async () => {
    const subs = await w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, w.integrationId));
    await w.t.db
      .update(subscriptions)
      .set({ expiresAt: new Date(Date.now() + 3600_000) })
      .where(eq(subscriptions.id, subs[0]!.id));
    await w.t.db.delete(subscriptions).where(eq(subscriptions.id, subs[1]!.id));
    const r = await reconcileIntegration(w.integrationId);
    expect(r).toMatchObject({ mailboxes: 2, renewed: 1, recreated: 1, errors: 0, graphBatches: 1 });
    const after = await w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, w.integrationId));
    expect(after).toHaveLength(2);
    expect(after.every((s) => s.expiresAt.getTime() > Date.now() + 24 * 3600_000)).toBe(true);
  });

  it("missed notifications are recovered by delta, exactly once", async () => {
    graph.setFaults({ dropNotificationsRate: 1 });
    try {
      await book("Dropped", at(2, 9), w.rooms[0]!.upn);
      await graph.deliveriesIdle();
    } finally {
      graph.setFaults({ dropNotificationsRate: 0 });
    }
    await reconcileIntegration(w.integrationId);
    await w.waitFor(async () => (await titled(w.rooms[0]!.room.id, "Dropped")).length === 1);
    await reconcileIntegration(w.integrationId);
    expect(await titled(w.rooms[0]!.room.id, "Dropped")).toHaveLength(1);
  });

  it("an expired delta token triggers a full resync without duplicates", async () => {
    await book("Before expiry", at(3, 9), w.rooms[1]!.upn);
    await w.waitFor(async () => (await titled(w.rooms[1]!.room.id, "Before expiry")).length === 1);
    await reconcileIntegration(w.integrationId);
    graph.expireDeltaTokens();
    const r = await reconcileIntegration(w.integrationId);
    expect(r.errors).toBe(0);
    const full = await w.t.db
      .select()
      .from(syncLog)
      .where(and(eq(syncLog.integrationId, w.integrationId), eq(syncLog.action, "delta.full")));
    expect(full.length).toBeGreaterThan(0);
    expect(await titled(w.rooms[1]!.room.id, "Before expiry")).toHaveLength(1);
  });

  it("a 429 storm delays but loses nothing", async () => {
    graph.setFaults({ rate429: 0.7 });
    try {
      for (let n = 0; n < 4; n++) {
        // The organizer's own requests are throttled too: retry them like Outlook would.
        for (let tries = 0; ; tries++) {
          try {
            await book(`Storm ${n}`, at(4, 8 + n), w.rooms[0]!.upn);
            break;
          } catch (e) {
            if (tries > 30) throw e;
          }
        }
      }
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      graph.setFaults({ rate429: 0 });
    }
    for (let n = 0; n < 4; n++)
      await w.waitFor(async () => (await titled(w.rooms[0]!.room.id, `Storm ${n}`)).length === 1, 30_000);
  }, 60_000);

  it("notifications that arrive while no worker runs are processed after restart", async () => {
    await w.jobs.stop();
    await book("While down", at(5, 9), w.rooms[1]!.upn);
    // The room copy's notification is persisted by the webhook even though nothing processes it.
    await w.waitFor(
      async () =>
        (await w.t.db.select().from(inboxNotifications).where(isNull(inboxNotifications.processedAt))).length > 0,
    );
    expect(await titled(w.rooms[1]!.room.id, "While down")).toHaveLength(0);
    w.jobs = startSyncJobs({ pollMs: 100 });
    await w.waitFor(async () => (await titled(w.rooms[1]!.room.id, "While down")).length === 1);
  });

  // Last: it breaks the integration's credentials for the rest of this world.
  it("an expired secret parks the work, raises a re-consent problem and drops nothing", async () => {
    // Only this meeting's job: an earlier test's may still wait on a Retry-After with an error of its own.
    const { last } = must(
      (await w.t.db.select({ last: sql<number>`coalesce(max(${jobs.id}), 0)::int` }).from(jobs))[0],
      "max(jobs.id)",
    );
    w.sb.directory.expireSecret(w.sb.clientId);
    forgetIdentity(w.integrationId);
    await book("Needs consent", at(6, 9), w.rooms[0]!.upn);
    const job = await w.waitFor(async () =>
      (
        await w.t.db
          .select()
          .from(jobs)
          .where(and(eq(jobs.name, "sync.inbound-event"), eq(jobs.state, "pending"), after(jobs.id, Number(last))))
      ).find((j) => (j.lastError ?? "").length > 0),
    );
    expect(job.attempts).toBe(0);
    expect(job.runAfter.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    const [problem] = await w.t.db.select().from(problems).where(eq(problems.integrationId, w.integrationId));
    expect(problem?.kind).toBe("auth_secret_expired");
    const [integ] = await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId));
    expect(integ!.state).toBe("needs_attention");
    expect(await titled(w.rooms[0]!.room.id, "Needs consent")).toHaveLength(0);
  });
});

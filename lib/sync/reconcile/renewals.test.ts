// Reconcile rounds at 23 calendars against the sandbox, counted on the wire: every round costs at most
// ⌈23/20⌉ = 2 $batches, whatever it has to do. Subscriptions come first (renewal PATCHes, creation POSTs
// inside the batches), delta first pages fill the rest, and the calendars left over are read first by
// the next round. Per-item answers inside a batch: a 404 renewal is created again inside the next batch
// (no DELETE, no lone POST); a 429 with a short Retry-After is renewed again on its own after it; a 429
// with a long one is not sent again this round (its row says why) and is renewed by the next round.
import diagnostics from "node:diagnostics_channel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { calendarSyncState, integrationRooms, subscriptions, type Subscription } from "@/db/schema";
import { makeRoom } from "@/lib/bookings/test-fixtures";
import { must } from "@/lib/invariant";
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { reconcileIntegration } from "./reconcile";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

const wire = { on: false, paths: [] as string[] };
diagnostics.subscribe("undici:request:create", (msg) => {
  const { request } = msg as { request: { path?: string; method?: string } };
  if (wire.on && /^\/v1\.0\//.test(request.path ?? ""))
    wire.paths.push(`${request.method ?? "GET"} ${(request.path ?? "").split("?")[0] ?? ""}`);
});
async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; requests: string[] }> {
  wire.paths = [];
  wire.on = true;
  try {
    return { value: await fn(), requests: wire.paths };
  } finally {
    wire.on = false;
  }
}
const tally = (requests: string[]) => {
  const m: Record<string, number> = {};
  for (const r of requests) m[r] = (m[r] ?? 0) + 1;
  return m;
};

interface SubRequest {
  id: string;
  method: string;
  url: string;
}
interface SubResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}
const jsonOf = (body: SandboxResponse["body"]): { responses: SubResponse[] } =>
  (Buffer.isBuffer(body) || typeof body === "string" ? JSON.parse(body.toString()) : body) as {
    responses: SubResponse[];
  };

/** One $batch the sandbox received: how many renewals, creations and delta reads it carried. */
interface Carried {
  patch: number;
  post: number;
  delta: number;
  /** The mailboxes whose delta it read (lower case). */
  read: string[];
}

describe.each(testDbKinds)("a reconcile round in ⌈calendars/20⌉ $batches (%s)", (kind) => {
  let w: SyncWorld;
  let graph: SandboxGraphService;
  const batches: Carried[] = [];
  /** Graph subscription ids whose next PATCH sub-request is answered 429 (with this Retry-After) instead of being run. */
  const throttleInBatch = new Map<string, string>();
  /** Graph subscription ids whose next lone PATCH is answered 429 with a long Retry-After. */
  const throttleAlone = new Set<string>();
  const tooMany = (retryAfter: string) => ({
    status: 429,
    headers: { "Retry-After": retryAfter, "content-type": "application/json" },
    body: { error: { code: "ApplicationThrottled", message: "Application is over its MailboxConcurrency limit." } },
  });

  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    graph = w.sb.graph as SandboxGraphService;
    // Only the reconciles this test runs.
    await w.jobs.stop();
    const handle = graph.handle.bind(graph);
    graph.handle = async (req: SandboxRequest): Promise<SandboxResponse> => {
      const path = req.url.pathname;
      const lone = /^\/v1\.0\/subscriptions\/([^/]+)$/.exec(path)?.[1];
      if (req.method === "PATCH" && lone && throttleAlone.delete(lone)) return tooMany("120");
      if (req.method !== "POST" || path !== "/v1.0/$batch") return handle(req);
      const { requests } = JSON.parse(req.body.toString()) as { requests: SubRequest[] };
      const reads = requests.filter((r) => r.method === "GET" && /\/calendarView\/delta/i.test(r.url));
      batches.push({
        patch: requests.filter((r) => r.method === "PATCH" && r.url.startsWith("/subscriptions/")).length,
        post: requests.filter((r) => r.method === "POST" && r.url === "/subscriptions").length,
        delta: reads.length,
        read: reads.map((r) => decodeURIComponent(/\/users\/([^/]+)\//.exec(r.url)?.[1] ?? "").toLowerCase()),
      });
      const held = requests
        .map((r) => ({ r, retryAfter: throttleInBatch.get(r.url.replace("/subscriptions/", "")) }))
        .filter((x) => x.r.method === "PATCH" && x.retryAfter !== undefined);
      for (const x of held) throttleInBatch.delete(x.r.url.replace("/subscriptions/", ""));
      const rest = requests.filter((r) => !held.some((x) => x.r === r));
      const res = await handle({ ...req, body: Buffer.from(JSON.stringify({ requests: rest })) });
      const answer = jsonOf(res.body);
      answer.responses.push(...held.map((x) => ({ id: x.r.id, ...tooMany(x.retryAfter!) })));
      return { ...res, body: answer };
    };
    // 21 more mapped rooms: 23 calendars, each with its subscription and its delta link from first rounds.
    for (let n = 0; n < 21; n++) {
      const u = w.sb.directory.addRoom({ alias: `renew-room-${n}`, displayName: `Renew room ${n}`, capacity: 4 });
      const room = must(await makeRoom(w.t.db, { name: `Renew room ${n}`, capacity: 4 }), "new room");
      await w.t.db
        .insert(integrationRooms)
        .values({ integrationId: w.integrationId, roomId: room.id, mailboxUpn: u.userPrincipalName });
    }
    const first = await reconcileIntegration(w.integrationId);
    // 21 creations and 19 reads fill the 2 batches; the 4 calendars left over are read by the next round.
    expect(first).toMatchObject({ mailboxes: 23, recreated: 21, errors: 0, graphBatches: 2, deferred: 4 });
    expect(await reconcileIntegration(w.integrationId)).toMatchObject({ graphBatches: 2, deferred: 0, errors: 0 });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  const subsOf = () => w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, w.integrationId));
  const dueIn = (ms: number) =>
    w.t.db
      .update(subscriptions)
      .set({ expiresAt: new Date(Date.now() + ms) })
      .where(eq(subscriptions.integrationId, w.integrationId));
  const onGraph = (graphId: string) => graph.core.state.subscriptions[graphId];
  const readAt = async () =>
    new Map(
      (await w.t.db.select().from(calendarSyncState).where(eq(calendarSyncState.integrationId, w.integrationId))).map(
        (s) => [s.mailbox.toLowerCase(), s.lastReconcileAt?.getTime() ?? 0],
      ),
    );

  it("renews 23 due subscriptions in the round's 2 $batches with a lost one created inside them and a throttled one renewed alone; the next round reads what was left first", async () => {
    await dueIn(3600_000);
    const before = await subsOf();
    expect(before).toHaveLength(23);
    const [lost, throttled] = before as [Subscription, Subscription, ...Subscription[]];
    // The lost one expires first, so its PATCH goes in the first batch and its 404 is answered there.
    await w.t.db
      .update(subscriptions)
      .set({ expiresAt: new Date(Date.now() + 1800_000) })
      .where(eq(subscriptions.id, lost.id));
    delete graph.core.state.subscriptions[lost.graphId];
    throttleInBatch.set(throttled.graphId, "1");
    const graphExpiryBefore = new Map(before.map((s) => [s.graphId, onGraph(s.graphId)?.expirationDateTime]));
    batches.length = 0;
    const started = Date.now();

    const { value: r, requests } = await counted(() => reconcileIntegration(w.integrationId));

    expect(r).toMatchObject({ mailboxes: 23, renewed: 22, recreated: 1, errors: 0, graphBatches: 2 });
    // Batch 1: 20 renewals. Batch 2: the lost one's creation, the 3 other renewals, 16 delta reads.
    expect(batches.map(({ patch, post, delta }) => ({ patch, post, delta }))).toEqual([
      { patch: 20, post: 0, delta: 0 },
      { patch: 3, post: 1, delta: 16 },
    ]);
    expect(r.deferred).toBe(7);
    const t = tally(requests);
    // 2 $batches and the throttled one PATCHed alone after its Retry-After; nothing else.
    expect(t["POST /v1.0/$batch"]).toBe(2);
    expect(t[`PATCH /v1.0/subscriptions/${throttled.graphId}`]).toBe(1);
    expect(requests).toHaveLength(3);

    const after = await subsOf();
    expect(after).toHaveLength(23);
    const dayAhead = Date.now() + 24 * 3600_000;
    for (const s of after) {
      expect(s.expiresAt.getTime()).toBeGreaterThan(dayAhead);
      expect(s.lastError).toBeNull();
      const g = must(onGraph(s.graphId), `subscription ${s.graphId} on Graph`);
      expect(Date.parse(g.expirationDateTime)).toBeGreaterThan(dayAhead);
      if (graphExpiryBefore.has(s.graphId)) expect(g.expirationDateTime).not.toBe(graphExpiryBefore.get(s.graphId));
    }
    // The lost one's mailbox is watched again by a new subscription; every other row kept its Graph id.
    expect(after.some((s) => s.graphId === lost.graphId)).toBe(false);
    const replaced = must(
      after.find((s) => s.mailbox === lost.mailbox),
      "the lost mailbox's new subscription",
    );
    expect(new Set(after.map((s) => s.graphId))).toEqual(
      new Set([...before.filter((s) => s.id !== lost.id).map((s) => s.graphId), replaced.graphId]),
    );

    // The 7 calendars the renewals left no room for are read by the next round, first.
    const unread = [...(await readAt())].filter(([, at]) => at < started).map(([m]) => m);
    expect(unread).toHaveLength(7);
    batches.length = 0;
    const next = await reconcileIntegration(w.integrationId);
    expect(next).toMatchObject({ renewed: 0, recreated: 0, errors: 0, graphBatches: 2, deferred: 0 });
    expect(new Set(batches[0]!.read.slice(0, 7))).toEqual(new Set(unread));
    expect(batches.reduce((n, b) => n + b.delta, 0)).toBe(23);
  });

  it("a throttled sub-response whose lone renewal is throttled for long fails that mailbox as before", async () => {
    await dueIn(3600_000);
    const [stuck] = (await subsOf()) as [Subscription, ...Subscription[]];
    throttleInBatch.set(stuck.graphId, "1");
    throttleAlone.add(stuck.graphId);

    const r = await reconcileIntegration(w.integrationId);

    expect(r).toMatchObject({ mailboxes: 23, renewed: 22, errors: 1, graphBatches: 2 });
    const after = await subsOf();
    const row = must(
      after.find((s) => s.id === stuck.id),
      "the throttled subscription's row",
    );
    expect(row.lastError).toBeTruthy();
    expect(row.expiresAt.getTime()).toBeLessThan(Date.now() + 2 * 3600_000);
    for (const s of after.filter((x) => x.id !== stuck.id))
      expect(s.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    await reconcileIntegration(w.integrationId);
  });

  it("a sub-response throttled for longer than a round waits for the next round: no lone request now, renewed then", async () => {
    await reconcileIntegration(w.integrationId);
    await dueIn(3600_000);
    const [held] = (await subsOf()) as [Subscription, ...Subscription[]];
    throttleInBatch.set(held.graphId, "300");

    const { value: r, requests } = await counted(() => reconcileIntegration(w.integrationId));

    expect(r).toMatchObject({ renewed: 22, errors: 1, graphBatches: 2 });
    expect(requests.filter((x) => x !== "POST /v1.0/$batch")).toEqual([]);
    const row = must(
      (await subsOf()).find((s) => s.id === held.id),
      "the held subscription's row",
    );
    expect(row.lastError).toMatch(/retry after 300 s/);
    expect(row.expiresAt.getTime()).toBeLessThan(Date.now() + 2 * 3600_000);

    const next = await reconcileIntegration(w.integrationId);
    expect(next).toMatchObject({ renewed: 1, errors: 0 });
    const renewed = must(
      (await subsOf()).find((s) => s.id === held.id),
      "the held subscription's row",
    );
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(renewed.lastError).toBeNull();
  });

  it("every subscription expired (Graph deleted them): 23 created by POSTs inside the round's 2 $batches, none PATCHed or deleted", async () => {
    await reconcileIntegration(w.integrationId);
    const before = await subsOf();
    for (const s of before) delete graph.core.state.subscriptions[s.graphId];
    await dueIn(-3600_000);
    batches.length = 0;

    const { value: r, requests } = await counted(() => reconcileIntegration(w.integrationId));

    expect(r).toMatchObject({ mailboxes: 23, renewed: 0, recreated: 23, errors: 0, graphBatches: 2, deferred: 6 });
    expect(requests).toEqual(["POST /v1.0/$batch", "POST /v1.0/$batch"]);
    expect(batches.map(({ patch, post, delta }) => ({ patch, post, delta }))).toEqual([
      { patch: 0, post: 20, delta: 0 },
      { patch: 0, post: 3, delta: 17 },
    ]);
    const after = await subsOf();
    expect(after).toHaveLength(23);
    expect(new Set(after.map((s) => s.mailbox.toLowerCase()))).toEqual(
      new Set(before.map((s) => s.mailbox.toLowerCase())),
    );
    for (const s of after) {
      expect(before.some((b) => b.graphId === s.graphId)).toBe(false);
      expect(onGraph(s.graphId)).toBeDefined();
    }
    // The next round reads the 6 calendars left over.
    expect(await reconcileIntegration(w.integrationId)).toMatchObject({ deferred: 0, errors: 0 });
  });
});

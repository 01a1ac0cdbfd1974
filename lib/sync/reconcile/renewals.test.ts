// Reconcile's renewal step against the sandbox, counted on the wire: 23 subscriptions come due and are
// renewed in ⌈23/20⌉ = 2 $batches of PATCH /subscriptions/{id}; one Graph lost answers 404 inside the
// batch and is created again (one POST, no DELETE); one answered 429 inside the batch is renewed again
// on its own, as a single renewal; one whose lone renewal is throttled for long fails as it did before.
import diagnostics from "node:diagnostics_channel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { integrationRooms, subscriptions, type Subscription } from "@/db/schema";
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

describe.each(testDbKinds)("reconcile's renewal step in $batch (%s)", (kind) => {
  let w: SyncWorld;
  let graph: SandboxGraphService;
  /** Renewal $batches the sandbox received: their PATCH sub-request count each. */
  const renewalBatches: number[] = [];
  /** Graph subscription ids whose next PATCH sub-request is answered 429 instead of being run. */
  const throttleInBatch = new Set<string>();
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
      const patches = requests.filter((r) => r.method === "PATCH" && r.url.startsWith("/subscriptions/"));
      if (!patches.length) return handle(req);
      renewalBatches.push(patches.length);
      const held = requests.filter((r) => throttleInBatch.delete(r.url.replace("/subscriptions/", "")));
      const body = Buffer.from(JSON.stringify({ requests: requests.filter((r) => !held.includes(r)) }));
      const res = await handle({ ...req, body });
      const answer = jsonOf(res.body);
      answer.responses.push(...held.map((r) => ({ id: r.id, ...tooMany("1") })));
      return { ...res, body: answer };
    };
    // 21 more mapped rooms: 23 calendars, each with its subscription from a first reconcile.
    for (let n = 0; n < 21; n++) {
      const u = w.sb.directory.addRoom({ alias: `renew-room-${n}`, displayName: `Renew room ${n}`, capacity: 4 });
      const room = must(await makeRoom(w.t.db, { name: `Renew room ${n}`, capacity: 4 }), "new room");
      await w.t.db
        .insert(integrationRooms)
        .values({ integrationId: w.integrationId, roomId: room.id, mailboxUpn: u.userPrincipalName });
    }
    const first = await reconcileIntegration(w.integrationId);
    expect(first).toMatchObject({ mailboxes: 23, recreated: 21, errors: 0 });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  const subsOf = () => w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, w.integrationId));
  const dueIn1h = () =>
    w.t.db
      .update(subscriptions)
      .set({ expiresAt: new Date(Date.now() + 3600_000) })
      .where(eq(subscriptions.integrationId, w.integrationId));
  const onGraph = (graphId: string) => graph.core.state.subscriptions[graphId];

  it("renews 23 due subscriptions in 2 $batches, recreates a lost one, renews a throttled one on its own", async () => {
    await dueIn1h();
    const before = await subsOf();
    expect(before).toHaveLength(23);
    const [lost, throttled] = before as [Subscription, Subscription, ...Subscription[]];
    delete graph.core.state.subscriptions[lost.graphId];
    throttleInBatch.add(throttled.graphId);
    const graphExpiryBefore = new Map(before.map((s) => [s.graphId, onGraph(s.graphId)?.expirationDateTime]));
    renewalBatches.length = 0;

    const { value: r, requests } = await counted(() => reconcileIntegration(w.integrationId));

    expect(r).toMatchObject({ mailboxes: 23, renewed: 23, recreated: 0, errors: 0, renewalBatches: 2 });
    expect(renewalBatches).toEqual([20, 3]);
    const t = tally(requests);
    // 2 delta $batches + 2 renewal $batches; the throttled one PATCHed alone; the lost one POSTed anew.
    expect(t["POST /v1.0/$batch"]).toBe(4);
    expect(t[`PATCH /v1.0/subscriptions/${throttled.graphId}`]).toBe(1);
    expect(t["POST /v1.0/subscriptions"]).toBe(1);
    expect(requests.filter((x) => x.startsWith("PATCH "))).toHaveLength(1);
    expect(requests.filter((x) => x.startsWith("DELETE "))).toHaveLength(0);

    const after = await subsOf();
    expect(after).toHaveLength(23);
    const dayAhead = Date.now() + 24 * 3600_000;
    for (const s of after) {
      expect(s.expiresAt.getTime()).toBeGreaterThan(dayAhead);
      expect(s.lastError).toBeNull();
      const g = must(onGraph(s.graphId), `subscription ${s.graphId} on Graph`);
      expect(Date.parse(g.expirationDateTime)).toBeGreaterThan(dayAhead);
      if (s.graphId !== lost.graphId && graphExpiryBefore.has(s.graphId))
        expect(g.expirationDateTime).not.toBe(graphExpiryBefore.get(s.graphId));
    }
    // The lost one's mailbox is watched again by a new subscription; every other row kept its Graph id.
    expect(after.some((s) => s.graphId === lost.graphId)).toBe(false);
    const replaced = must(
      after.find((s) => s.mailbox === lost.mailbox),
      "the lost mailbox's new subscription",
    );
    expect(replaced.graphId).not.toBe(lost.graphId);
    expect(new Set(after.map((s) => s.graphId))).toEqual(
      new Set([...before.filter((s) => s.id !== lost.id).map((s) => s.graphId), replaced.graphId]),
    );
  });

  it("a throttled sub-response whose lone renewal is throttled for long fails that mailbox as before", async () => {
    await dueIn1h();
    const [stuck] = (await subsOf()) as [Subscription, ...Subscription[]];
    throttleInBatch.add(stuck.graphId);
    throttleAlone.add(stuck.graphId);
    renewalBatches.length = 0;

    const r = await reconcileIntegration(w.integrationId);

    expect(r).toMatchObject({ mailboxes: 23, renewed: 22, errors: 1, renewalBatches: 2 });
    const after = await subsOf();
    const row = must(
      after.find((s) => s.id === stuck.id),
      "the throttled subscription's row",
    );
    expect(row.lastError).toBeTruthy();
    expect(row.expiresAt.getTime()).toBeLessThan(Date.now() + 2 * 3600_000);
    for (const s of after.filter((x) => x.id !== stuck.id))
      expect(s.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
  });
});

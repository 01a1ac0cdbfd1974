// Test world for sync integration tests: a test DB, a running sandbox tenant, an active
// application-mode integration with two mapped rooms, our webhook routes behind a real HTTP listener.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import type { Client } from "@microsoft/microsoft-graph-client";
import type { DbKind } from "@/db/testing";
import { bookings, integrationRooms, integrations, roomPolicies, type Booking, type NewRoomPolicy, type Room } from "@/db/schema";
import { ensureStatuses, makeRoom, type StatusKey } from "@/lib/bookings/test-fixtures";
import type { BookingStatus } from "@/db/schema";
import { activate } from "@/lib/integrations/lifecycle";
import { completeConsentRedirect, connect, startConsent } from "@/lib/integrations/consent";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "@/lib/integrations/test-support";
import { consentInBrowser } from "@/lib/sandbox/testing";
import { startJobs, type JobsHandle } from "@/lib/jobs";
import { env } from "@/lib/env";

export type RouteHandler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

export interface SyncWorld extends IntegrationWorld {
  /** Replaceable: fault tests stop the worker and start a new one. */
  integrationId: string;
  statuses: Record<StatusKey, BookingStatus>;
  rooms: { room: Room; upn: string }[];
  organizer: string;
  graph: Client;
  jobs: JobsHandle;
  setPolicy(roomId: string, p: Partial<NewRoomPolicy>): Promise<void>;
  bookingsOf(roomId: string): Promise<Booking[]>;
  waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms?: number): Promise<T>;
}

/** Route handlers are passed in by the test: lib/ never imports from app/. */
function webhookServer(notify: RouteHandler, lifecycle: RouteHandler): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const m = /^\/api\/graph\/(notify|lifecycle)\/([^/]+)$/.exec(url.pathname);
      if (!m) { res.writeHead(404).end(); return; }
      const body = chunks.length ? Buffer.concat(chunks) : null;
      const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: req.method === "POST" ? body : null });
      const handler = m[1] === "notify" ? notify : lifecycle;
      handler(request, { params: Promise.resolve({ id: m[2]! }) })
        .then(async (r) => { res.writeHead(r.status, Object.fromEntries(r.headers)).end(Buffer.from(await r.arrayBuffer())); })
        .catch(() => res.writeHead(500).end());
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  })));
}

export async function syncWorld(kind: DbKind, routes: { notify: RouteHandler; lifecycle: RouteHandler }): Promise<SyncWorld> {
  const w = await integrationWorld(kind);
  const hook = await webhookServer(routes.notify, routes.lifecycle);
  const i = await sandboxIntegration(w, "application");
  const consent = await consentInBrowser(await startConsent(i.id, w.admin));
  await completeConsentRedirect(i.id, consent.location!.searchParams, w.admin.id);
  const connected = await connect(i.id, w.admin);
  if (!connected.ok) throw new Error("sandbox connect failed");
  const statuses = await ensureStatuses(w.t.db);
  const roomUsers = w.sb.directory.users().filter((u) => u.kind === "room").slice(0, 2);
  const rooms: { room: Room; upn: string }[] = [];
  for (const u of roomUsers) {
    // Roomlink answers for the room (Exchange's own auto-accept off), subject kept as sent.
    w.sb.directory.updateRoom(u.id, { autoAccept: false, addOrganizerToSubject: false, deleteSubject: false });
    const room = await makeRoom(w.t.db, { capacity: 10, policy: { maxDurationMinutes: 240 } });
    await w.t.db.insert(integrationRooms).values({ integrationId: i.id, roomId: room.id, mailboxUpn: u.userPrincipalName });
    rooms.push({ room, upn: u.userPrincipalName });
  }
  await w.t.db.update(integrations).set({
    inboundStatusId: statuses.confirmed.id, createOnStatusIds: [statuses.confirmed.id, statuses.request.id],
    deleteOnStatusIds: [statuses.cancelled.id, statuses.rejected.id],
  }).where(eq(integrations.id, i.id));
  // Renewals and recreations made by the reconcile job use the app's base URL: point it here.
  const savedBaseUrl = env.baseUrl;
  (env as { baseUrl: string }).baseUrl = hook.url;
  const act = await activate({ id: w.admin.id }, i.id, { baseUrl: hook.url });
  if (act.created !== rooms.length) throw new Error(`activation created ${act.created} subscriptions`);
  const organizer = w.sb.directory.users().find((u) => u.kind !== "room")!.userPrincipalName;
  const graph = w.sb.graphClient(() => w.sb.appToken());
  const jobs = startJobs({ pollMs: 100 });
  const waitFor = async <T,>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > until) throw new Error("waitFor: timed out");
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const world: SyncWorld = {
    ...w, integrationId: i.id, statuses, rooms, organizer, graph, jobs, waitFor,
    async setPolicy(roomId, p) { await w.t.db.update(roomPolicies).set(p).where(eq(roomPolicies.roomId, roomId)); },
    bookingsOf: (roomId) => w.t.db.select().from(bookings).where(and(eq(bookings.roomId, roomId))).orderBy(bookings.startAt),
    async close() {
      (env as { baseUrl: string }).baseUrl = savedBaseUrl;
      await world.jobs.stop();
      await hook.close();
      await w.close();
    },
  };
  return world;
}

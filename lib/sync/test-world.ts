// Test worlds for sync integration tests: a test DB, a running sandbox tenant, an active integration
// (application mode with two mapped rooms, or delegated mode on a service account's calendar), our
// webhook routes behind a real HTTP listener, and a job worker.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import type { Client } from "@microsoft/microsoft-graph-client";
import type { DbKind } from "@/db/testing";
import {
  bookings,
  calendarSyncState,
  integrationRooms,
  integrations,
  roomPolicies,
  type Booking,
  type NewRoomPolicy,
  type BookingStatus,
  type Room,
} from "@/db/schema";
import { ensureStatuses, makeRoom, type StatusKey } from "@/lib/bookings/test-fixtures";
import { must } from "@/lib/invariant";
import { activate } from "@/lib/integrations/lifecycle";
import { completeConsentRedirect, connect, startConsent } from "@/lib/integrations/consent";
import { returnUrl } from "@/lib/integrations/service";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "@/lib/integrations/test-support";
import { consentInBrowser } from "@/lib/sandbox/testing";
import type { JobsHandle } from "@/lib/jobs";
import { startSyncJobs } from "@/lib/sync/register";
import { rowsOf } from "@/lib/jobs/queue";
import { env } from "@/lib/env";

export type RouteHandler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response>;

interface BaseSyncWorld extends IntegrationWorld {
  integrationId: string;
  statuses: Record<StatusKey, BookingStatus>;
  /** App-only Graph client of the tenant: reads and writes any calendar, as a person in Outlook would. */
  graph: Client;
  /** Replaceable: fault tests stop the worker and start a new one. */
  jobs: JobsHandle;
  setPolicy(roomId: string, p: Partial<NewRoomPolicy>): Promise<void>;
  /** The integration's settings changed as on its configuration screen. */
  configure(values: Partial<Integration>): Promise<void>;
  /** The seeded administrator, as the actor of Roomlink-side writes. */
  actor(): { id: string; name: string };
  /** An event as a person in Outlook reads it with the app client, or null when it does not exist. */
  eventIn<T = Record<string, unknown>>(upn: string, id: string): Promise<T | null>;
  bookingsOf(roomId: string): Promise<Booking[]>;
  waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms?: number): Promise<T>;
}

export interface SyncWorld extends BaseSyncWorld {
  rooms: { room: Room; upn: string }[];
  organizer: string;
}

export interface DelegatedSyncWorld extends BaseSyncWorld {
  /** The signed-in service account (UPN): its calendar is the one synced. */
  serviceAccount: string;
  /** The integration's inbound room; no room mailbox mapped, so its events name it as location only. */
  inboundRoom: Room;
  /** A room with a room mailbox mapped: its events invite the mailbox as a resource attendee. */
  mapped: { room: Room; upn: string };
  /** Step 1 (consent in the browser as the service account) and Step 2 again, as an admin would; `between` runs after Step 1. */
  reconnect(between?: () => Promise<void>): Promise<void>;
}

/** Route handlers are passed in by the test: lib/ never imports from app/. */
function webhookServer(
  notify: RouteHandler,
  lifecycle: RouteHandler,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const m = /^\/api\/graph\/(notify|lifecycle)\/([^/]+)$/.exec(url.pathname);
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const body = chunks.length ? Buffer.concat(chunks) : null;
      const request = new Request(url, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.method === "POST" ? body : null,
      });
      const handler = m[1] === "notify" ? notify : lifecycle;
      handler(request, { params: Promise.resolve({ id: m[2]! }) })
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers)).end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => res.writeHead(500).end());
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

type Routes = { notify: RouteHandler; lifecycle: RouteHandler };
type Integration = Awaited<ReturnType<typeof sandboxIntegration>>;

/** Step 1 in the browser (as `user` when delegated), the redirect, `between`, Step 2. */
async function consentAndConnect(
  w: IntegrationWorld,
  integrationId: string,
  user?: string,
  between?: () => Promise<void>,
): Promise<void> {
  // The redirect URI follows the base URL, which a running world points at its webhook listener.
  w.sb.directory.addRedirectUri(w.sb.clientId, returnUrl(integrationId));
  const consent = await consentInBrowser(await startConsent(integrationId, w.admin), { user });
  await completeConsentRedirect(integrationId, consent.location!.searchParams, w.admin.id);
  await between?.();
  const connected = await connect(integrationId, w.admin);
  if (!connected.ok) throw new Error(`sandbox connect failed: ${connected.advice}`);
}

/**
 * The shared part: a connected integration of `mode`, statuses, `configure` (rooms, inbound room),
 * then activation against our webhook listener and a running worker.
 */
async function startWorld<X>(
  kind: DbKind,
  routes: Routes,
  mode: "application" | "delegated",
  user: (w: IntegrationWorld) => string | undefined,
  configure: (
    w: IntegrationWorld,
    i: Integration,
    statuses: Record<StatusKey, BookingStatus>,
  ) => Promise<X & { subscriptions: number }>,
): Promise<BaseSyncWorld & X> {
  const w = await integrationWorld(kind);
  const hook = await webhookServer(routes.notify, routes.lifecycle);
  const i = await sandboxIntegration(w, mode);
  await consentAndConnect(w, i.id, user(w));
  const statuses = await ensureStatuses(w.t.db);
  const { subscriptions, ...extra } = await configure(w, i, statuses);
  await w.t.db
    .update(integrations)
    .set({
      inboundStatusId: statuses.confirmed.id,
      createOnStatusIds: [statuses.confirmed.id, statuses.request.id],
      deleteOnStatusIds: [statuses.cancelled.id, statuses.rejected.id],
    })
    .where(eq(integrations.id, i.id));
  // Renewals and recreations made by the reconcile job use the app's base URL: point it here.
  const savedBaseUrl = env.baseUrl;
  const savedWebhookBaseUrl = env.webhookBaseUrl;
  (env as { baseUrl: string }).baseUrl = hook.url;
  (env as { webhookBaseUrl: string }).webhookBaseUrl = hook.url;
  const act = await activate({ id: w.admin.id }, i.id, { baseUrl: hook.url });
  if (act.created !== subscriptions) throw new Error(`activation created ${act.created} subscriptions`);
  const graph = w.sb.graphClient(() => w.sb.appToken());
  const jobs = startSyncJobs({ pollMs: 100 });
  const waitFor = async <T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > until) throw new Error("waitFor: timed out");
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  // Activation queued the first full sync (initial-sync.ts): tests start once it has finished.
  await waitFor(async () => {
    const rows = await w.t.db
      .select({ done: calendarSyncState.initialSyncDoneAt })
      .from(calendarSyncState)
      .where(eq(calendarSyncState.integrationId, i.id));
    return rows.length > 0 && rows.every((r) => r.done);
  }, 30_000);
  const world = {
    ...w,
    ...(extra as X),
    integrationId: i.id,
    statuses,
    graph,
    jobs,
    waitFor,
    async setPolicy(roomId, p) {
      await w.t.db.update(roomPolicies).set(p).where(eq(roomPolicies.roomId, roomId));
    },
    async configure(values) {
      await w.t.db.update(integrations).set(values).where(eq(integrations.id, i.id));
    },
    actor: () => ({ id: w.admin.id, name: w.admin.name }),
    async eventIn<T>(upn: string, id: string) {
      try {
        return (await graph.api(`/users/${upn}/events/${id}`).get()) as T;
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode === 404) return null;
        throw e;
      }
    },
    bookingsOf: (roomId) =>
      w.t.db
        .select()
        .from(bookings)
        .where(and(eq(bookings.roomId, roomId)))
        .orderBy(bookings.startAt),
    async close() {
      (env as { baseUrl: string }).baseUrl = savedBaseUrl;
      (env as { webhookBaseUrl: string }).webhookBaseUrl = savedWebhookBaseUrl;
      await world.jobs.stop();
      await hook.close();
      await w.close();
    },
  } satisfies BaseSyncWorld & X;
  return world;
}

/** Application mode: two room mailboxes mapped to two Roomlink rooms; Roomlink answers for the rooms. */
export async function syncWorld(kind: DbKind, routes: Routes): Promise<SyncWorld> {
  return startWorld(
    kind,
    routes,
    "application",
    () => undefined,
    async (w, i) => {
      const roomUsers = w.sb.directory
        .users()
        .filter((u) => u.kind === "room")
        .slice(0, 2);
      const rooms: { room: Room; upn: string }[] = [];
      for (const u of roomUsers) {
        // Roomlink answers for the room (Exchange's own auto-accept off), subject kept as sent.
        w.sb.directory.updateRoom(u.id, { autoAccept: false, addOrganizerToSubject: false, deleteSubject: false });
        const room = must(await makeRoom(w.t.db, { capacity: 10, policy: { maxDurationMinutes: 240 } }), "new room");
        await w.t.db
          .insert(integrationRooms)
          .values({ integrationId: i.id, roomId: room.id, mailboxUpn: u.userPrincipalName });
        rooms.push({ room, upn: u.userPrincipalName });
      }
      const organizer = w.sb.directory.users().find((u) => u.kind !== "room")!.userPrincipalName;
      return { rooms, organizer, subscriptions: rooms.length };
    },
  );
}

/**
 * Delegated mode: the first user signs in as the service account; its calendar feeds the inbound
 * room. A second Roomlink room is mapped to a room mailbox, which Exchange processes itself
 * (AutoAccept, subject kept) when the service account's events invite it.
 */
export async function delegatedSyncWorld(kind: DbKind, routes: Routes): Promise<DelegatedSyncWorld> {
  const account = (w: IntegrationWorld) => w.sb.directory.users().find((u) => u.kind === "user")!.userPrincipalName;
  return startWorld(kind, routes, "delegated", account, async (w, i) => {
    const inboundRoom = must(await makeRoom(w.t.db, { capacity: 10, policy: { maxDurationMinutes: 240 } }), "new room");
    const mappedRoom = must(await makeRoom(w.t.db, { capacity: 10, policy: { maxDurationMinutes: 240 } }), "new room");
    const roomUser = w.sb.directory.users().find((u) => u.kind === "room")!;
    w.sb.directory.updateRoom(roomUser.id, { autoAccept: true, addOrganizerToSubject: false, deleteSubject: false });
    await w.t.db
      .insert(integrationRooms)
      .values({ integrationId: i.id, roomId: mappedRoom.id, mailboxUpn: roomUser.userPrincipalName });
    await w.t.db.update(integrations).set({ inboundRoomId: inboundRoom.id }).where(eq(integrations.id, i.id));
    return {
      serviceAccount: account(w),
      inboundRoom,
      mapped: { room: mappedRoom, upn: roomUser.userPrincipalName },
      subscriptions: 1,
      reconnect: (between?: () => Promise<void>) => consentAndConnect(w, i.id, account(w), between),
    };
  });
}

/**
 * The URL of the world's own scratch database on the PostgreSQL server, for tests that start app or
 * worker processes against it (the world's database is the one `createAppTestDb` made).
 */
export async function worldDatabaseUrl(w: BaseSyncWorld): Promise<string> {
  const { name } = must(
    rowsOf<{ name: string }>(await w.t.db.execute(sql`select current_database() as name`))[0],
    "current_database()",
  );
  const u = new URL(must(env.DATABASE_URL, "DATABASE_URL"));
  u.pathname = `/${name}`;
  return u.toString();
}

// The bench's scratch world, set up as an administrator would end up with it: a scratch database on
// the PostgreSQL server, statuses, N Roomlink rooms mapped to N fresh sandbox room mailboxes (Roomlink
// answers for them), an application-mode integration on the sandbox's seeded app registration, connected.
// Activation happens later, once the apps behind the balancer answer the subscription handshake.
// Imported only after the bench has pointed process.env at the scratch database and the sandbox.
import { and, eq, inArray, sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import {
  bookingStatuses,
  bookings,
  calendarSyncState,
  eventLinks,
  inboxNotifications,
  integrationRooms,
  integrations,
  jobs,
  outbox,
  parkedMailboxes,
  syncLog,
  users,
} from "@/db/schema";
import { createBooking, updateBooking } from "@/lib/bookings/service";
import { ensureStatuses, makeRoom } from "@/lib/bookings/test-fixtures";
import { connect } from "@/lib/integrations/consent";
import { activate } from "@/lib/integrations/lifecycle";
import { createIntegration, saveAuthentication } from "@/lib/integrations/service";
import { BOOKING_PROP_EXPAND, ourBookingId } from "@/lib/sync/outbound/booking-to-event";
import { registerOutboxHook } from "@/lib/sync/outbound/outbox";
import { LEASE_MS } from "@/lib/jobs/queue";
import type { BookingRow, LinkRow } from "./compare";
import type { SandboxClient } from "./sandbox";

export { BOOKING_PROP_EXPAND, LEASE_MS, ourBookingId };

/** Rows of a raw query: postgres-js answers an array, PGlite an object with `rows`. */
function rowsOf<T>(res: unknown): T[] {
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

export interface MappedRoom {
  roomId: string;
  upn: string;
}

export async function setUpWorld(sb: SandboxClient, roomCount: number, tag: string) {
  const db = await getDb(); // applies the migrations to the scratch database
  // Roomlink bookings written here reach the outbox as the app's do with separate workers.
  registerOutboxHook();
  const [admin] = await db
    .insert(users)
    .values({ email: `faults-${tag}@roomlink.test`, name: "Bench Admin", passwordHash: "x", role: "admin" })
    .returning();
  if (!admin) throw new Error("admin row not inserted");
  const actor = { id: admin.id, name: admin.name };
  const statuses = await ensureStatuses(db);
  const rooms: MappedRoom[] = [];
  for (let n = 0; n < roomCount; n++) {
    const mailbox = await sb.control<{ id: string; userPrincipalName: string }>("POST", "rooms", {
      alias: `faults${tag}r${n}`,
      displayName: `Faults room ${n}`,
      capacity: 10,
    });
    // Roomlink answers for the room (Exchange's own auto-accept off), subjects kept as sent.
    await sb.control("PATCH", `rooms/${encodeURIComponent(mailbox.userPrincipalName)}`, {
      autoAccept: false,
      addOrganizerToSubject: false,
      deleteSubject: false,
    });
    const room = await makeRoom(db, { name: `Faults room ${n}`, capacity: 10, policy: { maxDurationMinutes: 240 } });
    rooms.push({ roomId: room.id, upn: mailbox.userPrincipalName });
  }
  const created = await createIntegration(actor, { mode: "application", cloud: "sandbox" });
  await saveAuthentication(actor, {
    id: created.id,
    name: "Faults bench",
    cloud: "sandbox",
    mode: "application",
    tenantId: sb.info.tenantId,
    clientId: sb.info.clientId,
    clientSecret: sb.info.clientSecret,
    clientSecretExpiresOn: "",
  });
  const connected = await connect(created.id, admin);
  if (!connected.ok) throw new Error(`connect failed: ${connected.advice}`);
  for (const r of rooms)
    await db.insert(integrationRooms).values({ integrationId: created.id, roomId: r.roomId, mailboxUpn: r.upn });
  await db
    .update(integrations)
    .set({
      inboundStatusId: statuses.confirmed.id,
      createOnStatusIds: [statuses.confirmed.id, statuses.request.id],
      deleteOnStatusIds: [statuses.cancelled.id, statuses.rejected.id],
    })
    .where(eq(integrations.id, created.id));
  const integrationId = created.id;
  const roomIds = rooms.map((r) => r.roomId);

  return {
    integrationId,
    rooms,
    async activate(baseUrl: string) {
      const r = await activate(actor, integrationId, { baseUrl });
      if (r.created !== rooms.length)
        throw new Error(`activation created ${r.created} of ${rooms.length} subscriptions`);
    },
    async initialSyncDone(): Promise<boolean> {
      const rows = await db
        .select({ done: calendarSyncState.initialSyncDoneAt })
        .from(calendarSyncState)
        .where(eq(calendarSyncState.integrationId, integrationId));
      return rows.length === rooms.length && rows.every((r) => r.done);
    },
    async createBooking(room: MappedRoom, title: string, startAt: Date, endAt: Date): Promise<string> {
      const res = await createBooking(
        { roomId: room.roomId, title, statusId: statuses.confirmed.id, startAt, endAt },
        { actor },
      );
      const [b] = res.bookings;
      if (!b) throw new Error("createBooking returned no booking");
      return b.id;
    },
    async moveBooking(id: string, startAt: Date, endAt: Date): Promise<void> {
      await updateBooking({ id, patch: { startAt, endAt } }, { actor });
    },
    async bookingRows(): Promise<BookingRow[]> {
      const rows = await db
        .select({
          id: bookings.id,
          roomId: bookings.roomId,
          title: bookings.title,
          startAt: bookings.startAt,
          endAt: bookings.endAt,
          blocks: bookingStatuses.blocksRoom,
        })
        .from(bookings)
        .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId))
        .where(inArray(bookings.roomId, roomIds));
      return rows.map((r) => ({ ...r, active: r.blocks }));
    },
    async links(): Promise<LinkRow[]> {
      return db
        .select({ bookingId: eventLinks.bookingId, mailbox: eventLinks.mailbox, eventId: eventLinks.eventId })
        .from(eventLinks)
        .where(eq(eventLinks.integrationId, integrationId));
    },
    /** Outbox and inbox rows not yet turned into work. */
    async unprocessed(): Promise<number> {
      const [o] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(outbox)
        .where(sql`${outbox.processedAt} is null`);
      const [i] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(inboxNotifications)
        .where(sql`${inboxNotifications.processedAt} is null`);
      return (o?.n ?? 0) + (i?.n ?? 0);
    },
    /** A job this worker process (by pid in its lease owner) is running right now. */
    async runningJobOf(pid: number): Promise<{ id: number; name: string } | undefined> {
      const [j] = await db
        .select({ id: jobs.id, name: jobs.name })
        .from(jobs)
        .where(and(eq(jobs.state, "running"), sql`${jobs.leaseOwner} like ${`%:${pid}:%`}`))
        .limit(1);
      return j;
    },
    async jobFigures() {
      const [r] = rowsOf<{
        dead: number;
        running_expired: number;
        pending_overdue: number;
        pending: number;
        running: number;
        reclaimed: number;
        parked: number;
      }>(
        await db.execute(sql`select
          (select count(*)::int from jobs where state = 'dead') as dead,
          (select count(*)::int from jobs where state = 'running' and lease_until < now()) as running_expired,
          (select count(*)::int from jobs where state = 'pending' and run_after < now() - interval '60 seconds') as pending_overdue,
          (select count(*)::int from jobs where state = 'pending') as pending,
          (select count(*)::int from jobs where state = 'running') as running,
          (select count(*)::int from jobs where attempts > 1) as reclaimed,
          (select count(*)::int from ${parkedMailboxes}) as parked`),
      );
      if (!r) throw new Error("job figures: no row");
      return r;
    },
    async deadJobs(): Promise<{ id: number; name: string; lastError: string | null }[]> {
      return db
        .select({ id: jobs.id, name: jobs.name, lastError: jobs.lastError })
        .from(jobs)
        .where(eq(jobs.state, "dead"))
        .limit(10);
    },
    /**
     * Creates that succeeded more than once for one item (sync_log "create" ok): an Outlook event
     * booked by two runs, or one booking written to Outlook by two runs. `doubled`: runs whose effect
     * was doubled (a second booking for one event, a second event for one booking). `concurrent`: the
     * same effect repeated by a run that started while the other was still within its lease (two
     * workers on one piece of work at once, saved only by Graph's transactionId). `reruns`: repeated
     * later than a lease, i.e. a job re-run after its worker was killed (the POST deduplicated).
     */
    async createdTwice(
      leaseMs = LEASE_MS,
    ): Promise<{ doubled: number; concurrent: number; reruns: number; cases: string[] }> {
      const rows = rowsOf<{
        direction: string;
        item: string;
        effects: number;
        ats: string[];
        detail: string;
        jobs: string | null;
      }>(
        await db.execute(sql`
          select 'inbound' as direction, mailbox || ' ' || event_id as item,
                 count(distinct booking_id)::int as effects,
                 array_agg(to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') order by id) as ats,
                 string_agg(to_char(at, 'HH24:MI:SS.MS') || ' booking ' || booking_id, ', ' order by id) as detail,
                 null as jobs
            from ${syncLog}
           where integration_id = ${integrationId} and direction = 'inbound' and action = 'create' and outcome = 'ok'
           group by mailbox, event_id having count(*) > 1
          union all
          select 'outbound', s.booking_id::text, count(distinct s.event_id)::int,
                 array_agg(to_char(s.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') order by s.id),
                 string_agg(to_char(s.at, 'HH24:MI:SS.MS') || ' event …' || right(s.event_id, 12), ', ' order by s.id),
                 (select string_agg('job ' || j.id || ' ' || j.state || ' attempts ' || j.attempts || ' created '
                          || to_char(j.created_at, 'HH24:MI:SS.MS') || ' finished ' || coalesce(to_char(j.finished_at, 'HH24:MI:SS.MS'), '-'), '; ' order by j.id)
                    from ${jobs} j where j.key = s.booking_id::text || '|' || ${integrationId})
            from ${syncLog} s
           where s.integration_id = ${integrationId} and s.direction = 'outbound' and s.action = 'create' and s.outcome = 'ok'
           group by s.booking_id having count(*) > 1`),
      );
      let doubled = 0;
      let concurrent = 0;
      let reruns = 0;
      for (const r of rows) {
        doubled += r.effects - 1;
        const times = r.ats.map((t) => Date.parse(t));
        for (let k = 1; k < times.length; k++) {
          const gap = (times[k] ?? 0) - (times[k - 1] ?? 0);
          if (gap < leaseMs) concurrent++;
          else reruns++;
        }
      }
      return {
        doubled,
        concurrent,
        reruns,
        cases: rows
          .slice(0, 10)
          .map(
            (r) =>
              `${r.direction} ${r.item}: ${r.ats.length} runs, ${r.effects} distinct (${r.detail})${r.jobs ? ` [${r.jobs}]` : ""}`,
          ),
      };
    },
    close: () => closeDb(),
  };
}

export type World = Awaited<ReturnType<typeof setUpWorld>>;

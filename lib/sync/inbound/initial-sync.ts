// The first full sync after activation (seed 003 "Initial sync": only future events sync). Activation
// (lib/integrations/lifecycle.ts) drops every calendar's delta link, marks its initial sync open and
// queues JOB_INITIAL_SYNC, which runs reconcileIntegration({ initial: true }) at once: a full delta
// round per calendar (series applied through their masters, delta-series.ts) and Roomlink's bookings
// in create-on statuses pushed. A calendar's initial sync is done when one of its rounds finishes
// (the initial job's, or a later reconcile's if that one failed): only then is the room called live.
import { and, eq, gte, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import {
  bookings,
  calendarSyncState,
  eventLinks,
  integrationRooms,
  problems,
  rooms,
  type Integration,
} from "@/db/schema";
import { syncWindow } from "./delta-state";

/** Mark the open initial syncs of calendars whose round just finished as done, with what they imported. */
export async function finishInitialSync(integrationId: string, finished: Map<string, number>): Promise<void> {
  if (!finished.size) return;
  const db = await getDb();
  const rows = sql.join(
    [...finished].map(([m, n]) => sql`(${m.toLowerCase()}::text, ${n}::int)`),
    sql`, `,
  );
  await db.execute(sql`update ${calendarSyncState} s set initial_sync_done_at = now(), initial_imported = v.n
    from (values ${rows}) as v(m, n)
    where s.integration_id = ${integrationId}::uuid and lower(s.mailbox) = v.m and s.initial_sync_started_at is not null and s.initial_sync_done_at is null`);
}

export interface InitialSyncRoom {
  mailbox: string;
  roomName: string;
  state: "pending" | "live" | "failed";
  /** Meetings the first round booked or changed (known once it finished). */
  imported: number | null;
  /** Roomlink bookings in a create-on status from the sync window on: how many Outlook holds. */
  pushed: number;
  toPush: number;
  error: string | null;
  /** The open problem's advice for this mailbox, when there is one (English: problems are stored so). */
  advice: string | null;
}

export interface InitialSyncProgress {
  startedAt: Date | null;
  done: number;
  total: number;
  rooms: InitialSyncRoom[];
}

/** Per calendar of the integration: where its initial sync stands, for the activation screen. */
export async function initialSyncProgress(integration: Integration): Promise<InitialSyncProgress> {
  const db = await getDb();
  const states = await db
    .select()
    .from(calendarSyncState)
    .where(and(eq(calendarSyncState.integrationId, integration.id), isNotNull(calendarSyncState.initialSyncStartedAt)));
  const mapped = await db
    .select({ mailbox: integrationRooms.mailboxUpn, roomId: integrationRooms.roomId, name: rooms.name })
    .from(integrationRooms)
    .innerJoin(rooms, eq(rooms.id, integrationRooms.roomId))
    .where(eq(integrationRooms.integrationId, integration.id));
  const inbound =
    integration.mode === "delegated" && integration.inboundRoomId
      ? (
          await db.select({ id: rooms.id, name: rooms.name }).from(rooms).where(eq(rooms.id, integration.inboundRoomId))
        )[0]
      : undefined;
  const roomOf = (mailbox: string) =>
    mailbox === "me"
      ? inbound
        ? { roomId: inbound.id, name: inbound.name }
        : undefined
      : mapped.find((m) => m.mailbox.toLowerCase() === mailbox.toLowerCase());
  const open = await db
    .select({ subject: problems.subject, advice: problems.advice, message: problems.message })
    .from(problems)
    .where(and(eq(problems.integrationId, integration.id), isNull(problems.resolvedAt)));
  const win = syncWindow();
  const out: InitialSyncRoom[] = [];
  for (const s of states.sort((a, b) => a.mailbox.localeCompare(b.mailbox))) {
    const room = roomOf(s.mailbox);
    if (!room) continue; // unmapped since
    const [counts] = integration.createOnStatusIds.length
      ? await db
          .select({
            total: sql<number>`count(*)::int`,
            // Qualified by hand: drizzle renders a select field's own-table column unqualified, which the subquery would read as l.id.
            linked: sql<number>`count(*) filter (where exists (select 1 from ${eventLinks} l where l.booking_id = "bookings"."id" and l.integration_id = ${integration.id}))::int`,
          })
          .from(bookings)
          .where(
            and(
              eq(bookings.roomId, room.roomId),
              eq(bookings.source, "roomlink"),
              inArray(bookings.statusId, integration.createOnStatusIds),
              gte(bookings.startAt, win.start),
            ),
          )
      : [{ total: 0, linked: 0 }];
    const problem = open.find((p) => p.subject.toLowerCase() === s.mailbox.toLowerCase());
    const done = !!s.initialSyncDoneAt;
    out.push({
      mailbox: s.mailbox,
      roomName: room.name,
      state: done ? "live" : s.lastError ? "failed" : "pending",
      imported: done ? (s.initialImported ?? 0) : null,
      pushed: counts?.linked ?? 0,
      toPush: counts?.total ?? 0,
      error: done ? null : (s.lastError ?? problem?.message ?? null),
      advice: done ? null : (problem?.advice ?? null),
    });
  }
  const startedAt = states.reduce<Date | null>(
    (a, s) => (!a || (s.initialSyncStartedAt && s.initialSyncStartedAt > a) ? s.initialSyncStartedAt : a),
    null,
  );
  return { startedAt, done: out.filter((r) => r.state === "live").length, total: out.length, rooms: out };
}

// One transaction of delta's bulk create (delta-create.ts): the events' locks taken in one order and
// their links re-checked, the rooms locked, policies and conflicts checked (with what is booked and with
// each other), then bookings, audit rows, event links and sync-log lines written in a few statements.
// What it refuses is handed back for processEvent.
import { randomUUID } from "node:crypto";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import {
  bookingStatuses,
  bookings,
  eventLinks,
  roomPolicies,
  rooms,
  type Booking,
  type BookingStatus,
  type Integration,
} from "@/db/schema";
import type { Slot } from "@/lib/bookings/conflicts";
import { requireTitle } from "@/lib/bookings/create-booking";
import { checkPolicies } from "@/lib/bookings/policies";
import { overlaps } from "@/lib/bookings/time";
import { actorName, recordWrites, type WriteOptions } from "@/lib/bookings/write-support";
import { shapeFlags, type GraphEvent, type InboundFields } from "./event-to-booking";
import { eventJobLockKey } from "./lookup";
import { insertMany } from "@/lib/sync/insert-many";
import { logSyncMany } from "@/lib/sync/sync-log";

/** An event new to Roomlink, in the mailbox it was read from. */
export interface NewEvent {
  mailbox: string;
  ev: GraphEvent;
}

const OPTS: WriteOptions = { actor: "system:sync", source: "outlook" };

export type Candidate = NewEvent & {
  roomId: string;
  f: InboundFields;
  customerId: string | null;
  status: BookingStatus;
};

/** One transaction: lock, re-check, validate, write. Returns what it created; refusals go to `rest`. */
export async function createGroup(
  tx: Tx,
  integration: Integration,
  group: Candidate[],
  rest: NewEvent[],
): Promise<Candidate[]> {
  // Notification jobs may meet delta on an event: the same per-event locks as processEvent, in one order.
  const keys = [...new Set(group.map((c) => eventJobLockKey(integration.id, c.mailbox, c.ev.id)))].sort();
  await tx.execute(
    sql`select count(pg_advisory_xact_lock(hashtext(k))) from (values ${sql.join(
      keys.map((k) => sql`(${k})`),
      sql`, `,
    )}) as v(k)`,
  );
  const linked = new Set(
    (
      await tx
        .select({ mailbox: eventLinks.mailbox, eventId: eventLinks.eventId })
        .from(eventLinks)
        .where(
          and(
            eq(eventLinks.integrationId, integration.id),
            inArray(
              eventLinks.eventId,
              group.map((c) => c.ev.id),
            ),
          ),
        )
    ).map((l) => `${l.mailbox.toLowerCase()}|${l.eventId}`),
  );
  const fresh = group.filter((c) => !linked.has(`${c.mailbox.toLowerCase()}|${c.ev.id}`));
  if (!fresh.length) return [];

  const roomIds = [...new Set(fresh.map((c) => c.roomId))].sort();
  const roomById = new Map(
    (await tx.select().from(rooms).where(inArray(rooms.id, roomIds)).orderBy(rooms.id).for("update")).map((r) => [
      r.id,
      r,
    ]),
  );
  const policyOf = new Map(
    (await tx.select().from(roomPolicies).where(inArray(roomPolicies.roomId, roomIds))).map((p) => [p.roomId, p]),
  );
  const from = new Date(Math.min(...fresh.map((c) => c.f.startAt.getTime())));
  const to = new Date(Math.max(...fresh.map((c) => c.f.endAt.getTime())));
  const busy: Map<string, Slot[]> = groupBy(
    await tx
      .select({ roomId: bookings.roomId, startAt: bookings.startAt, endAt: bookings.endAt })
      .from(bookings)
      .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
      .where(
        and(
          inArray(bookings.roomId, roomIds),
          eq(bookingStatuses.blocksRoom, true),
          lt(bookings.startAt, to),
          gt(bookings.endAt, from),
        ),
      ),
    (b) => b.roomId,
  );

  const now = new Date();
  const accepted: Candidate[] = [];
  for (const c of fresh) {
    const room = roomById.get(c.roomId);
    const policy = policyOf.get(c.roomId) ?? null;
    // A room that holds Outlook bookings for approval changes the status: createBooking decides that.
    if (!room || (policy?.requiresApproval && c.status.blocksRoom && !c.status.needsApproval)) {
      rest.push(c);
      continue;
    }
    const slot = { startAt: c.f.startAt, endAt: c.f.endAt, attendeeCount: c.f.attendeeCount, allDay: c.f.allDay };
    if (!c.status.isCancelled && !c.status.isRejected) {
      // Refused: processEvent gives the refusal its log line and the organizer the room's decline.
      if (checkPolicies({ room, policy, slot, now, timingChanged: true }).length) {
        rest.push(c);
        continue;
      }
      if (c.status.blocksRoom && (busy.get(room.id) ?? []).some((b) => overlaps(slot, b))) {
        rest.push(c);
        continue;
      }
    }
    if (c.status.blocksRoom) {
      const held = busy.get(room.id);
      if (held) held.push(slot);
      else busy.set(room.id, [slot]);
    }
    accepted.push(c);
  }

  const rows: Booking[] = accepted.map((c) => ({
    id: randomUUID(),
    roomId: c.roomId,
    startAt: c.f.startAt,
    endAt: c.f.endAt,
    title: requireTitle(c.f.title),
    statusId: c.status.id,
    customerId: c.customerId,
    organizerEmail: c.f.organizerEmail?.trim() || null,
    attendeeCount: c.f.attendeeCount,
    notes: null,
    customFields: {
      [integration.bookingIdField]: c.ev.id,
      ...(c.f.teamsLink ? { [integration.teamsLinkField]: c.f.teamsLink } : {}),
    },
    recurrenceGroupId: null,
    occurrenceIndex: null,
    originalStartAt: null,
    source: "outlook",
    flags: shapeFlags(c.f),
    version: 1,
    createdBy: actorName(OPTS.actor),
    createdAt: now,
    updatedAt: now,
  }));
  await insertMany(tx, bookings, rows);
  await recordWrites(
    tx,
    "created",
    rows.map((after) => ({ before: null, after })),
    OPTS,
  );
  const ids = new Map(accepted.map((c, n) => [c, rows[n]!.id]));
  await insertMany(
    tx,
    eventLinks,
    accepted.map((c) => ({
      integrationId: integration.id,
      bookingId: ids.get(c)!,
      mailbox: c.mailbox,
      eventId: c.ev.id,
      iCalUId: c.ev.iCalUId ?? null,
      seriesMasterId: c.ev.seriesMasterId ?? null,
      seenChangeKey: c.ev.changeKey ?? null,
    })),
  );
  await logSyncMany(
    accepted.map((c) => ({
      integrationId: integration.id,
      direction: "inbound",
      mailbox: c.mailbox,
      eventId: c.ev.id,
      bookingId: ids.get(c)!,
      action: "create",
      outcome: "ok",
      message: c.f.title,
    })),
    tx,
  );
  return accepted;
}

export function groupBy<T>(list: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

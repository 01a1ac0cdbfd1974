// Delta's common case in bulk: meetings new to Roomlink that someone else organizes (single instances,
// so never one of our own events: Roomlink only writes events its calendar organizes, and named
// properties do not travel with invitations, so no re-read is needed to tell). They become bookings
// a few statements per few hundred events, under the rules createBooking applies to one (event lock
// and re-check, room lock, policies, conflicts with what is booked and with each other), with the
// same rows: booking, audit, event link, sync log. Anything else (a refusal, a room that holds
// Outlook bookings for approval, no inbound status) is handed back for processEvent, one by one.
import { randomUUID } from "node:crypto";
import { and, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import {
  bookingStatuses,
  bookings,
  customers,
  eventLinks,
  integrationRooms,
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
import {
  eventToFields,
  shapeFlags,
  type GraphEvent,
  type InboundContext,
  type InboundFields,
} from "./event-to-booking";
import { inboundContext, roomAddresses } from "./context";
import { eventJobLockKey } from "./lookup";
import { insertMany } from "@/lib/sync/insert-many";
import { answerManyAsRoom, type Answer } from "./respond";
import { logSyncMany } from "@/lib/sync/sync-log";

export interface NewEvent {
  mailbox: string;
  ev: GraphEvent;
}

/** Events per transaction: keeps room locks (and an embedded database) free for others in between. */
const TX_EVENTS = 500;
const OPTS: WriteOptions = { actor: "system:sync", source: "outlook" };

/** Whether `ev`, which has no link yet, may take the bulk path (see above). */
export function bulkCreatable(mailbox: string, ev: GraphEvent): boolean {
  // A cancelled meeting left on the calendar (isCancelled) is never booked.
  if (ev.type !== "singleInstance" || ev.isCancelled) return false;
  const response = ev.responseStatus?.response;
  const organizer = ev.organizer?.emailAddress?.address?.trim().toLowerCase();
  return !!response && response !== "organizer" && !!organizer && organizer !== mailbox.toLowerCase();
}

/** Created bookings per mailbox, what is left for processEvent, and mailboxes whose answer failed. */
export interface BulkOutcome {
  created: Map<string, number>;
  rest: NewEvent[];
  errors: Map<string, unknown>;
}

export async function createFromDelta(integration: Integration, list: NewEvent[]): Promise<BulkOutcome> {
  const out: BulkOutcome = { created: new Map(), rest: [], errors: new Map() };
  if (!list.length) return out;
  const db = await getDb();
  const roomOf = await roomsOfMailboxes(
    integration,
    list.map((x) => x.mailbox),
  );
  const statuses = new Map((await db.select().from(bookingStatuses)).map((s) => [s.id, s]));
  const emails = [
    ...new Set(
      list.map((x) => x.ev.organizer?.emailAddress?.address?.trim().toLowerCase()).filter((e): e is string => !!e),
    ),
  ];
  const customerOf = new Map<string, string>();
  for (let i = 0; i < emails.length; i += 1000) {
    const rows = await db
      .select({ id: customers.id, email: sql<string>`lower(${customers.email})` })
      .from(customers)
      .where(inArray(sql`lower(${customers.email})`, emails.slice(i, i + 1000)));
    for (const r of rows) if (!customerOf.has(r.email)) customerOf.set(r.email, r.id);
  }

  // The same mapping as processEvent's: the room's zone (all-day days), rooms not counted as people, private subjects.
  const addresses = await roomAddresses(integration);
  const contexts = new Map<string, InboundContext>();
  for (const roomId of new Set(roomOf.values()))
    contexts.set(roomId, await inboundContext(integration, roomId, addresses));
  const ready: Candidate[] = [];
  for (const x of list) {
    const roomId = roomOf.get(x.mailbox.toLowerCase());
    let f: InboundFields;
    try {
      f = eventToFields(x.ev, roomId ? contexts.get(roomId) : undefined);
    } catch {
      out.rest.push(x);
      continue;
    }
    const customerId = (f.organizerEmail && customerOf.get(f.organizerEmail.toLowerCase())) || null;
    const status = statuses.get(
      ((customerId && integration.inboundStatusWithCustomerId) || integration.inboundStatusId) ?? "",
    );
    if (!roomId || !status || f.endAt <= f.startAt) out.rest.push(x);
    else ready.push({ ...x, roomId, f, customerId, status });
  }

  // Whole mailboxes per transaction, about TX_EVENTS events each.
  let group: Candidate[] = [];
  const flush = async () => {
    if (!group.length) return;
    const done = await db.transaction((tx) => createGroup(tx, integration, group, out.rest));
    group = [];
    for (const c of done) out.created.set(c.mailbox, (out.created.get(c.mailbox) ?? 0) + 1);
    // The room's answer, as processEvent gives it after creating: none when it was already given.
    const answers: Answer[] = done.flatMap((c) => {
      const response =
        c.status.isCancelled || c.status.isRejected
          ? null
          : c.status.needsApproval
            ? ("tentativelyAccept" as const)
            : ("accept" as const);
      return response && !out.errors.has(c.mailbox) ? [{ mailbox: c.mailbox, ev: c.ev, response }] : [];
    });
    for (const [mailbox, e] of await answerManyAsRoom(integration, answers)) out.errors.set(mailbox, e);
  };
  for (const items of groupBy(ready, (c) => c.mailbox.toLowerCase()).values()) {
    if (group.length && group.length + items.length > TX_EVENTS) await flush();
    group.push(...items);
  }
  await flush();
  return out;
}

type Candidate = NewEvent & { roomId: string; f: InboundFields; customerId: string | null; status: BookingStatus };

/** One transaction: lock, re-check, validate, write. Returns what it created; refusals go to `rest`. */
async function createGroup(
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

/** Mailbox (lower case) → Roomlink room: the mapped room (application mode) or the inbound room. */
async function roomsOfMailboxes(integration: Integration, mailboxes: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(mailboxes.map((m) => m.toLowerCase()))];
  if (integration.mode === "delegated")
    return new Map(integration.inboundRoomId ? keys.map((k) => [k, integration.inboundRoomId!]) : []);
  const db = await getDb();
  const rows = await db
    .select({ mailbox: integrationRooms.mailboxUpn, roomId: integrationRooms.roomId })
    .from(integrationRooms)
    .where(
      and(
        eq(integrationRooms.integrationId, integration.id),
        inArray(sql`lower(${integrationRooms.mailboxUpn})`, keys),
      ),
    );
  return new Map(rows.map((r) => [r.mailbox.toLowerCase(), r.roomId]));
}

function groupBy<T>(list: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const g = out.get(k);
    if (g) g.push(x);
    else out.set(k, [x]);
  }
  return out;
}

// Delta's common case in bulk: meetings new to Roomlink that someone else organizes (single instances,
// so never one of our own events: Roomlink only writes events its calendar organizes, and named
// properties do not travel with invitations, so no re-read is needed to tell). They become bookings
// a few statements per few hundred events, under the rules createBooking applies to one (event lock
// and re-check, room lock, policies, conflicts with what is booked and with each other), with the
// same rows: booking, audit, event link, sync log. Anything else (a refusal, a room that holds
// Outlook bookings for approval, no inbound status) is handed back for processEvent, one by one.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookingStatuses, customers, integrationRooms, type Integration } from "@/db/schema";
import { eventToFields, type GraphEvent, type InboundContext, type InboundFields } from "./event-to-booking";
import { inboundContext, roomAddresses } from "./context";
import { answerManyAsRoom, type Answer } from "@/lib/sync/respond";
import { addressIn, mailboxIn } from "@/lib/sync/mailbox";
import { createGroup, groupBy, type Candidate, type NewEvent } from "./delta-create-group";

export type { NewEvent };

/** Events per transaction: keeps room locks (and an embedded database) free for others in between. */
const TX_EVENTS = 500;

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
      .where(addressIn(customers.email, emails.slice(i, i + 1000)));
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

/** Mailbox (lower case) → Roomlink room: the mapped room (application mode) or the inbound room. */
async function roomsOfMailboxes(integration: Integration, mailboxes: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(mailboxes.map((m) => m.toLowerCase()))];
  if (integration.mode === "delegated")
    return new Map(integration.inboundRoomId ? keys.map((k) => [k, integration.inboundRoomId!]) : []);
  const db = await getDb();
  const rows = await db
    .select({ mailbox: integrationRooms.mailboxUpn, roomId: integrationRooms.roomId })
    .from(integrationRooms)
    .where(and(eq(integrationRooms.integrationId, integration.id), mailboxIn(integrationRooms.mailboxUpn, keys)));
  return new Map(rows.map((r) => [r.mailbox.toLowerCase(), r.roomId]));
}

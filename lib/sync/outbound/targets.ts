// Which integrations write a booking to Outlook, and where: application mode into the mapped room
// mailbox, delegated mode into the service account's calendar (its inbound room and mapped rooms).
import { and, asc, inArray, isNotNull, or, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { bookings, eventLinks, integrationRooms, integrations, type Integration } from "@/db/schema";

/**
 * Integrations whose bookings are written: active ones, ones that need attention, and activated ones
 * in the middle of a re-consent (Step 1 done, Step 2 not yet) — their work waits for the new sign-in
 * instead of being dropped. Deactivating clears activatedAt.
 */
export function writesOutbound(): SQL {
  return or(inArray(integrations.state, ["active", "needs_attention"]), isNotNull(integrations.activatedAt))!;
}

export interface Placement {
  /** The calendar written: the room's UPN (application) or "me" (delegated: the service account). */
  mailbox: string;
  /** Delegated only: the room's mailbox address to invite, or null when none is mapped (location only). */
  roomAddress?: string | null;
}

export type RoomMapping = Pick<typeof integrationRooms.$inferSelect, "integrationId" | "roomId" | "mailboxUpn">;

/**
 * Where `integration` writes a booking of `roomId`, or null when it does not cover that room.
 * `mappings` are the integration's room mailbox rows (oldest first); the first for the room wins.
 */
export function placementFor(integration: Integration, roomId: string, mappings: RoomMapping[]): Placement | null {
  const mapped = mappings.find((m) => m.integrationId === integration.id && m.roomId === roomId);
  if (integration.mode === "application") return mapped ? { mailbox: mapped.mailboxUpn } : null;
  if (mapped) return { mailbox: "me", roomAddress: mapped.mailboxUpn };
  return integration.inboundRoomId === roomId ? { mailbox: "me", roomAddress: null } : null;
}

export async function roomMappings(db: Db | Tx, integrationIds: string[], roomIds: string[]): Promise<RoomMapping[]> {
  if (!integrationIds.length || !roomIds.length) return [];
  return db
    .select({
      integrationId: integrationRooms.integrationId,
      roomId: integrationRooms.roomId,
      mailboxUpn: integrationRooms.mailboxUpn,
    })
    .from(integrationRooms)
    .where(and(inArray(integrationRooms.integrationId, integrationIds), inArray(integrationRooms.roomId, roomIds)))
    .orderBy(asc(integrationRooms.createdAt), asc(integrationRooms.id));
}

export interface OutboundTarget {
  bookingId: string;
  integrationId: string;
  mailbox: string;
}

/**
 * The (booking, integration) pairs to sync: every syncing integration that covers the booking's
 * room, plus every one that still holds an event of it (the booking moved away: that event goes).
 */
export async function outboundTargets(db: Db | Tx, bookingIds: string[]): Promise<OutboundTarget[]> {
  if (!bookingIds.length) return [];
  const rows = await db
    .select({ id: bookings.id, roomId: bookings.roomId })
    .from(bookings)
    .where(inArray(bookings.id, bookingIds));
  if (!rows.length) return [];
  const live = await db.select().from(integrations).where(writesOutbound());
  if (!live.length) return [];
  const mappings = await roomMappings(
    db,
    live.map((i) => i.id),
    [...new Set(rows.map((r) => r.roomId))],
  );
  const links = await db
    .select({ bookingId: eventLinks.bookingId, integrationId: eventLinks.integrationId, mailbox: eventLinks.mailbox })
    .from(eventLinks)
    .where(
      inArray(
        eventLinks.bookingId,
        rows.map((r) => r.id),
      ),
    );
  const out: OutboundTarget[] = [];
  for (const b of rows) {
    for (const i of live) {
      const mailbox =
        placementFor(i, b.roomId, mappings)?.mailbox ??
        links.find((l) => l.bookingId === b.id && l.integrationId === i.id)?.mailbox;
      if (mailbox) out.push({ bookingId: b.id, integrationId: i.id, mailbox });
    }
  }
  return out;
}

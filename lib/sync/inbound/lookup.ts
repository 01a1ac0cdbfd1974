// What every inbound step reads: the room behind a mailbox, an event's link, the event itself, and
// the lock key that serialises work on one event.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { eventLinks, integrationRooms, integrations, type EventLink, type Integration } from "@/db/schema";
import { IntegrationNotFoundError } from "@/lib/integrations/service";
import { BOOKING_PROP_EXPAND } from "@/lib/sync/booking-property";
import { EVENT_SELECT, type GraphEvent } from "./event-to-booking";
import { callGraph, isNotFound } from "@/lib/sync/graph-access";
import { eventPath } from "@/lib/sync/paths";
import { sameMailbox } from "@/lib/sync/mailbox";

export const eventJobLockKey = (integrationId: string, mailbox: string, eventId: string) =>
  `event|${integrationId}|${mailbox.toLowerCase()}|${eventId}`;

export type InboundBase = { integrationId: string; direction: "inbound"; mailbox: string; eventId: string };

/** Application mode: the room behind the mailbox; delegated: the integration's inbound room. */
export async function roomForMailbox(integration: Integration, mailbox: string): Promise<string | null> {
  if (integration.mode === "delegated") return integration.inboundRoomId;
  const db = await getDb();
  const [row] = await db
    .select({ roomId: integrationRooms.roomId })
    .from(integrationRooms)
    .where(and(eq(integrationRooms.integrationId, integration.id), sameMailbox(integrationRooms.mailboxUpn, mailbox)));
  return row?.roomId ?? null;
}

/**
 * What an event job reads first, in one query: the integration, the room behind the mailbox (as
 * roomForMailbox) and the event's link (as findLink). A burst runs this once per notification.
 */
export async function inboundLookup(
  integrationId: string,
  mailbox: string,
  eventId: string,
): Promise<{
  integration: Integration;
  mappedRoomId: string | null;
  link: EventLink | undefined;
  /** Every mailbox mapped to the integration (lower case): rooms, for inboundContext. */
  mappedMailboxes: string[];
}> {
  const db = await getDb();
  const [row] = await db
    .select({
      integration: integrations,
      link: eventLinks,
      mappedRoomId: sql<string | null>`(select ${integrationRooms.roomId} from ${integrationRooms}
        where ${integrationRooms.integrationId} = ${integrations.id} and ${sameMailbox(integrationRooms.mailboxUpn, mailbox)}
        limit 1)`,
      mappedMailboxes: sql<
        string[] | null
      >`(select array_agg(lower(${integrationRooms.mailboxUpn})) from ${integrationRooms}
        where ${integrationRooms.integrationId} = ${integrations.id})`,
    })
    .from(integrations)
    .leftJoin(
      eventLinks,
      and(
        eq(eventLinks.integrationId, integrations.id),
        sameMailbox(eventLinks.mailbox, mailbox),
        eq(eventLinks.eventId, eventId),
      ),
    )
    .where(eq(integrations.id, integrationId))
    .limit(1);
  if (!row) throw new IntegrationNotFoundError();
  const { integration } = row;
  return {
    integration,
    mappedRoomId: integration.mode === "delegated" ? integration.inboundRoomId : row.mappedRoomId,
    link: row.link ?? undefined,
    mappedMailboxes: row.mappedMailboxes ?? [],
  };
}

export async function findLink(
  integrationId: string,
  mailbox: string,
  eventId: string,
): Promise<EventLink | undefined> {
  const db = await getDb();
  const [link] = await db
    .select()
    .from(eventLinks)
    .where(
      and(
        eq(eventLinks.integrationId, integrationId),
        sameMailbox(eventLinks.mailbox, mailbox),
        eq(eventLinks.eventId, eventId),
      ),
    );
  return link;
}

export async function fetchEvent(
  integration: Integration,
  mailbox: string,
  eventId: string,
): Promise<GraphEvent | null> {
  try {
    return await callGraph(
      integration,
      mailbox,
      (c) =>
        c
          .api(eventPath(mailbox, eventId))
          .select(EVENT_SELECT)
          .expand(BOOKING_PROP_EXPAND)
          .get() as Promise<GraphEvent>,
    );
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

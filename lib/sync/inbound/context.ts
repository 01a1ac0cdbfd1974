// What mapping an Outlook event needs besides the event (event-to-booking.ts InboundContext): the
// room's zone, the admin's private-subject choice, and which addresses are rooms. Rooms are the
// integration's mapped mailboxes plus the tenant's /places rooms and room lists
// (https://learn.microsoft.com/graph/api/place-list), read once per integration and cached: a room
// invited as a required attendee, or a room list, is no person whatever its attendee type.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrationRooms, rooms, type Integration } from "@/db/schema";
import { getGraphClient, graphCall } from "@/lib/graph/client";
import { log } from "@/lib/log";
import type { InboundContext } from "./event-to-booking";

/** How long the tenant's place list is trusted: rooms are added rarely, and a missed one only miscounts. */
const PLACES_TTL_MS = 15 * 60_000;
const places = new Map<string, { at: number; addresses: Promise<Set<string>> }>();

async function readPlaces(integration: Integration): Promise<Set<string>> {
  const out = new Set<string>();
  const client = getGraphClient(integration);
  for (const kind of ["microsoft.graph.room", "microsoft.graph.roomList"]) {
    let next: string | undefined = `/places/${kind}?$top=100`;
    try {
      while (next) {
        const url: string = next;
        const page = (await graphCall(() => client.api(url).get())) as {
          value?: { emailAddress?: string | null }[];
          "@odata.nextLink"?: string;
        };
        for (const p of page.value ?? []) if (p.emailAddress) out.add(p.emailAddress.trim().toLowerCase());
        next = page["@odata.nextLink"];
      }
    } catch (e) {
      // Place.Read.All is optional (the mapping still names every room Roomlink books); expected, not a failure.
      log.info(
        { integrationId: integration.id, kind, err: e instanceof Error ? e.message : String(e) },
        "places not readable; rooms known from the mapping only",
      );
    }
  }
  return out;
}

/** The tenant's room and room-list addresses (lower case), cached per integration. */
export function placeAddresses(integration: Integration, now = Date.now()): Promise<Set<string>> {
  const hit = places.get(integration.id);
  if (hit && now - hit.at < PLACES_TTL_MS) return hit.addresses;
  const addresses = readPlaces(integration);
  places.set(integration.id, { at: now, addresses });
  return addresses;
}

/** Tests: forget the cached place lists. */
export function forgetPlaces(): void {
  places.clear();
}

/**
 * Every address that is a room for this integration: mapped mailboxes and the tenant's places.
 * `mapped`: the mapped mailboxes when the caller has already read them (inboundLookup).
 */
export async function roomAddresses(integration: Integration, mapped?: string[]): Promise<Set<string>> {
  const db = await getDb();
  const upns =
    mapped ??
    (
      await db
        .select({ upn: integrationRooms.mailboxUpn })
        .from(integrationRooms)
        .where(eq(integrationRooms.integrationId, integration.id))
    ).map((m) => m.upn);
  const out = new Set(await placeAddresses(integration));
  for (const m of upns) out.add(m.trim().toLowerCase());
  return out;
}

/** The context for events of one Roomlink room. */
export async function inboundContext(
  integration: Integration,
  roomId: string,
  addresses?: ReadonlySet<string>,
): Promise<InboundContext> {
  const db = await getDb();
  const [room] = await db
    .select({ timeZone: rooms.timeZone })
    .from(rooms)
    .where(and(eq(rooms.id, roomId)));
  return {
    roomZone: room?.timeZone ?? "UTC",
    roomAddresses: addresses ?? (await roomAddresses(integration)),
    showPrivateSubjects: integration.showPrivateSubjects,
  };
}

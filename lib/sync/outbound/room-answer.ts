// The room's answer to what we wrote (delegated mode): Exchange answers for an invited room in the
// write's own response. Shared by single events (process.ts) and series (series/write.ts, series/move.ts).
import type { Room } from "@/db/schema";
import { logSync } from "@/lib/sync/sync-log";
import type { Placement } from "./targets";

export type OutboundBase = { integrationId: string; direction: "outbound"; bookingId: string; mailbox: string };
export type GraphWritten = {
  id: string;
  changeKey?: string;
  iCalUId?: string;
  onlineMeeting?: { joinUrl?: string } | null;
  attendees?: { emailAddress?: { address?: string }; status?: { response?: string } }[];
};

/**
 * Delegated: Exchange answers for an invited room at once (AutoAccept), in the write's own answer.
 * A decline means the room is busy in Outlook with a meeting Roomlink does not know: say so.
 */
export async function checkRoomAnswer(
  place: Placement,
  room: Room,
  ev: GraphWritten,
  base: OutboundBase,
): Promise<void> {
  const roomAddress = place.roomAddress;
  if (!roomAddress) return;
  const address = roomAddress.toLowerCase();
  const answer = ev.attendees?.find((a) => a.emailAddress?.address?.toLowerCase() === address)?.status?.response;
  if (answer !== "declined") return;
  await logSync({
    ...base,
    eventId: ev.id,
    action: "room-answer",
    outcome: "rejected",
    code: "room_declined_busy",
    params: { mailbox: roomAddress, room: room.name },
  });
}

// What Exchange mints for an event: changeKeys (new with every edit), iCalUIds in the shape of its
// global object ids, and Teams join URLs for online meetings.
import { randomBytes, randomUUID } from "node:crypto";
import type { StoredEvent } from "./model";

export function newChangeKey(): string {
  return randomBytes(16).toString("base64");
}

export function newICalUId(): string {
  // Shape of Exchange's global object id: fixed class id prefix, a FILETIME-like stamp, then a GUID.
  const stamp = BigInt(Date.now()) * 10_000n + 116_444_736_000_000_000n;
  const le = Buffer.alloc(8);
  le.writeBigUInt64LE(stamp);
  return (
    "040000008200E00074C5B7101A82E00800000000" +
    le.toString("hex") +
    "0000000000000000" +
    "10000000" +
    randomUUID().replace(/-/g, "")
  ).toUpperCase();
}

export function teamsJoinUrl(tenantId: string, organizerId: string): string {
  const thread = randomBytes(36).toString("base64url").slice(0, 48);
  const ctx = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: organizerId })).toLowerCase();
  return `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${thread}%40thread.v2/0?context=${ctx}`;
}

/** isOnlineMeeting decides: a Teams meeting gets its join URL once; an event that is not one has none. */
export function applyOnlineMeeting(ev: StoredEvent, tenantId: string, organizerId: string): void {
  if (ev.isOnlineMeeting && ev.onlineMeetingProvider === "unknown") ev.onlineMeetingProvider = "teamsForBusiness";
  if (ev.isOnlineMeeting && ev.onlineMeetingProvider === "teamsForBusiness" && !ev.joinUrl)
    ev.joinUrl = teamsJoinUrl(tenantId, organizerId);
  if (!ev.isOnlineMeeting) {
    ev.joinUrl = undefined;
    ev.onlineMeetingProvider = "unknown";
  }
}

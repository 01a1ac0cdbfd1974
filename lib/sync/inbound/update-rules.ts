// The inbound update rules of seed 000 §2.3 in one place: "allow booking update", lock statuses
// (update / delete), and the words the sync log and the organizer get when a change is not applied.
import type { Integration } from "@/db/schema";

export interface Blocked {
  /** For the sync log (admins): its code (lib/i18n/messages/sync-log.ts). */
  log: "updates_off" | "update_locked";
  /** For the room's answer in Outlook (the organizer). */
  organizer: string;
}

const UPDATES_OFF: Blocked = {
  log: "updates_off",
  organizer: "changes made in Outlook are not applied to room bookings; ask the room's administrator to change it",
};
const UPDATE_LOCKED: Blocked = {
  log: "update_locked",
  organizer: "this booking can no longer be changed from Outlook; ask the room's administrator to change it",
};

/** Why an Outlook edit may not change a booking in this status, or null when it may. */
export function updateBlocked(integration: Integration, statusId: string): Blocked | null {
  if (!integration.allowBookingUpdate) return UPDATES_OFF;
  return integration.lockUpdateStatusIds.includes(statusId) ? UPDATE_LOCKED : null;
}

export function deleteLocked(integration: Integration, statusId: string): boolean {
  return integration.lockDeleteStatusIds.includes(statusId);
}

/** The room's comment on an Outlook change it did not apply: why, and what stays booked. */
export function refusalComment(reason: string, kept: string): string {
  return `Your change was not applied: ${reason}. The room stays booked ${kept}.`;
}

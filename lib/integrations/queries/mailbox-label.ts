// How the diagnostics cards name a mailbox (shared by the health and the sync activity view models).
import type { Integration } from "@/db/schema";

/** Delegated mode reads the service account's own calendar, stored as mailbox "me": show the account. */
export function mailboxLabel(i: Integration, mailbox: string): string {
  return mailbox === "me" ? (i.connectedAccount ?? "me") : mailbox;
}

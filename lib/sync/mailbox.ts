// Mailbox (and e-mail) addresses compare without case: Graph hands back the UPN as the directory spells
// it, admins type it as they like, and the link and state tables are indexed on lower(mailbox). These
// conditions are the one place that comparison is written in SQL; in memory, key by mailboxKey().
import { inArray, sql, type AnyColumn, type SQL } from "drizzle-orm";

/** `column` holds the same address as `value`, whatever the case of either. */
export function sameAddress(column: AnyColumn | SQL, value: string): SQL {
  return sql`lower(${column}) = lower(${value})`;
}

/** `column` holds the mailbox `mailbox` (a room's UPN, or "me" in delegated mode), whatever the case. */
export const sameMailbox = sameAddress;

/** `column` holds one of `addresses`, whatever the case. */
export function addressIn(column: AnyColumn | SQL, addresses: string[]): SQL {
  return inArray(
    sql`lower(${column})`,
    addresses.map((m) => m.toLowerCase()),
  );
}

/** `column` holds one of `mailboxes`, whatever the case. */
export const mailboxIn = addressIn;

/** The in-memory key of a mailbox: equal for the addresses sameMailbox() finds equal. */
export const mailboxKey = (mailbox: string): string => mailbox.toLowerCase();

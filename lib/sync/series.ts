// Recurring Outlook meetings: the master's recurrence → a booking group's rule, and the master's
// instances applied to the occurrence bookings: missing ones cancelled, moved ones moved (by original start).
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { bookings, bookingStatuses, type Integration, type RecurrenceRule } from "@/db/schema";
import { cancelBooking, isBookingError, updateBooking } from "@/lib/bookings/service";
import { graphTime, type GraphDateTime } from "./event-to-booking";
import { callGraph } from "./graph-access";
import { eventPath } from "./paths";
import { logSync } from "./sync-log";

export interface GraphRecurrence {
  pattern: { type: string; interval?: number; daysOfWeek?: string[]; dayOfMonth?: number; index?: string };
  range: { type: string; startDate?: string; endDate?: string; numberOfOccurrences?: number };
}

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const INDEX: Record<string, 1 | 2 | 3 | 4 | -1> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

/** Graph's patterned recurrence as our rule; yearly patterns are not bookable (null). */
export function recurrenceToRule(r: GraphRecurrence): RecurrenceRule | null {
  const p = r.pattern;
  const interval = Math.max(1, p.interval ?? 1);
  const weekdays = (p.daysOfWeek ?? []).map((d) => DAYS.indexOf(d.toLowerCase()) + 1).filter((d) => d > 0);
  let rule: RecurrenceRule;
  if (p.type === "daily") rule = { frequency: "daily", interval };
  else if (p.type === "weekly") rule = { frequency: "weekly", interval, weekdays };
  else if (p.type === "absoluteMonthly") rule = { frequency: "monthly", interval, monthDay: p.dayOfMonth };
  else if (p.type === "relativeMonthly" && weekdays[0]) rule = { frequency: "monthly", interval, monthWeek: { index: INDEX[p.index ?? "first"] ?? 1, weekday: weekdays[0] } };
  else return null;
  if (r.range.type === "endDate" && r.range.endDate) rule.until = r.range.endDate;
  if (r.range.type === "numbered" && r.range.numberOfOccurrences) rule.count = r.range.numberOfOccurrences;
  return rule;
}

type Instance = { id: string; type?: string; start: GraphDateTime; end: GraphDateTime; originalStart?: string };
type InstancePage = { value?: Instance[]; "@odata.nextLink"?: string };

/**
 * Make the group's bookings follow the master's instances: an occurrence Graph no longer lists was
 * cancelled; an exception (moved occurrence, matched by originalStart) moves its booking.
 * https://learn.microsoft.com/graph/api/event-list-instances
 */
export async function applySeriesOccurrences(
  integration: Integration,
  mailbox: string,
  master: { id: string },
  groupId: string,
): Promise<number> {
  const db = await getDb();
  const rows = await db.select({ b: bookings, cancelled: bookingStatuses.isCancelled }).from(bookings)
    .innerJoin(bookingStatuses, eq(bookingStatuses.id, bookings.statusId)).where(and(eq(bookings.recurrenceGroupId, groupId)));
  if (!rows.length) return 0;
  const orig = (b: { originalStartAt: Date | null; startAt: Date }) => (b.originalStartAt ?? b.startAt).getTime();
  const from = new Date(Math.min(...rows.map((r) => orig(r.b))) - 24 * 3600_000);
  const to = new Date(Math.max(...rows.map((r) => orig(r.b))) + 2 * 24 * 3600_000);
  const instances: Instance[] = [];
  let url: string | undefined = `${eventPath(mailbox, master.id)}/instances?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=500`;
  while (url) {
    const page: InstancePage = await callGraph(integration, mailbox, (c) => c.api(url!).get() as Promise<InstancePage>);
    instances.push(...(page.value ?? []));
    url = page["@odata.nextLink"];
  }
  const byOriginal = new Map(instances.map((i) => [new Date(i.originalStart ?? graphTime(i.start)).getTime(), i]));
  const base = { integrationId: integration.id, direction: "inbound" as const, mailbox, eventId: master.id };
  let changed = 0;
  for (const r of rows) {
    if (r.cancelled) continue;
    const inst = byOriginal.get(orig(r.b));
    if (!inst) {
      await cancelBooking({ id: r.b.id, scope: "single" }, { actor: "system:sync", source: "outlook" });
      await logSync({ ...base, bookingId: r.b.id, action: "cancel-occurrence", outcome: "ok" });
      changed++;
      continue;
    }
    const startAt = graphTime(inst.start);
    const endAt = graphTime(inst.end);
    if (r.b.startAt.getTime() === startAt.getTime() && r.b.endAt.getTime() === endAt.getTime()) continue;
    try {
      await updateBooking({ id: r.b.id, scope: "single", patch: { startAt, endAt } },
        { actor: "system:sync", source: "outlook", skipValidation: integration.ignoreValidationOnUpdate });
      await logSync({ ...base, bookingId: r.b.id, action: "update-occurrence", outcome: "ok" });
      changed++;
    } catch (e) {
      if (!isBookingError(e)) throw e;
      await logSync({ ...base, bookingId: r.b.id, action: "update-occurrence", outcome: "rejected", message: `Change refused, original time kept: ${e.message}` });
    }
  }
  return changed;
}

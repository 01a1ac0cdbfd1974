// A series' instances as Graph lists them (occurrences and exceptions, with the start the pattern gave
// each): read by inbound series handling and by outbound series writes alike.
import { DateTime } from "luxon";
import type { Integration } from "@/db/schema";
import { graphTime } from "@/lib/graph/time";
import type { GraphDateTime } from "@/lib/graph/types";
import { callGraph } from "@/lib/sync/graph-access";
import { eventPath } from "@/lib/sync/paths";

export type Instance = {
  id: string;
  type?: string;
  start: GraphDateTime;
  end: GraphDateTime;
  originalStart?: string;
  changeKey?: string;
  iCalUId?: string;
  /** Left on the calendar when cancelled (Exchange's RemoveCanceledMeetings $false): as good as gone. */
  isCancelled?: boolean;
  isAllDay?: boolean;
};
/** The start the pattern gives an instance (an exception keeps it as originalStart), in ms. */
export const instanceOriginal = (i: Pick<Instance, "start" | "originalStart">) =>
  new Date(i.originalStart ?? graphTime(i.start)).getTime();

/**
 * The date the pattern gives an all-day instance. Its originalStart is not its start: Graph gives the
 * organizer's midnight converted to UTC (07:00Z for a Pacific series) while start is midnight in the
 * response zone (https://github.com/microsoftgraph/microsoft-graph-docs/issues/2804, docs-contrib
 * issue 7803). Read in the series' zone that is midnight of the date; if it is not (the zone is not
 * the one it was made in), the nearest UTC midnight is the date for every zone from UTC-12 to UTC+11.
 */
export function allDayOriginalDate(i: Pick<Instance, "start" | "originalStart">, zone: string): string {
  if (!i.originalStart) return i.start.dateTime.slice(0, 10);
  const local = DateTime.fromISO(i.originalStart, { zone });
  if (local.isValid && local.hour === 0 && local.minute === 0) return local.toISODate();
  return DateTime.fromISO(i.originalStart, { zone: "utc" }).plus({ hours: 12 }).toISODate()!;
}
type InstancePage = { value?: Instance[]; "@odata.nextLink"?: string };

/** https://learn.microsoft.com/graph/api/event-list-instances (`select`: the properties to read, default all). */
export async function listInstances(
  integration: Integration,
  mailbox: string,
  masterId: string,
  from: Date,
  to: Date,
  select?: string,
): Promise<Instance[]> {
  const instances: Instance[] = [];
  let url: string | undefined =
    `${eventPath(mailbox, masterId)}/instances?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=500${select ? `&$select=${select}` : ""}`;
  while (url) {
    const page: InstancePage = await callGraph(integration, mailbox, (c) => c.api(url!).get() as Promise<InstancePage>);
    instances.push(...(page.value ?? []));
    url = page["@odata.nextLink"];
  }
  return instances;
}

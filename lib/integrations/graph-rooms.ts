// Room mailboxes the tenant lists at /places/microsoft.graph.room (needs Place.Read.All, optional):
// offered as picks on the inbound mapping. Follows @odata.nextLink pages.
import type { Integration } from "@/db/schema";
import { getGraphClient, graphCall } from "@/lib/graph/client";

export interface GraphRoom {
  emailAddress: string;
  displayName: string;
  capacity?: number | null;
}

export async function graphRooms(i: Integration, limit = 2000): Promise<GraphRoom[]> {
  const client = getGraphClient(i);
  const out: GraphRoom[] = [];
  let next: string | undefined = "/places/microsoft.graph.room?$top=100";
  while (next && out.length < limit) {
    const url: string = next;
    const page = (await graphCall(() => client.api(url).get())) as { value: GraphRoom[]; "@odata.nextLink"?: string };
    out.push(...page.value.filter((r) => r.emailAddress));
    next = page["@odata.nextLink"];
  }
  return out;
}

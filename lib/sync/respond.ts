// The room's answer to a meeting (application mode: we act as the room mailbox): accept, tentative
// while approval is pending, or decline with a comment that tells the organizer why.
import type { Integration } from "@/db/schema";
import { callGraph } from "./graph-access";

export type MeetingResponse = "accept" | "tentativelyAccept" | "decline";

export async function respondToMeeting(integration: Integration, mailbox: string, eventId: string, response: MeetingResponse, comment?: string): Promise<void> {
  const path = `${mailbox === "me" ? "/me" : `/users/${encodeURIComponent(mailbox)}`}/events/${encodeURIComponent(eventId)}/${response}`;
  await callGraph(integration, mailbox, (c) => c.api(path).post({ comment: comment ?? "", sendResponse: true }));
}

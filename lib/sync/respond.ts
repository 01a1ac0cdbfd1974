// The room's answer to a meeting (application mode: we act as the room mailbox): accept, tentative
// while approval is pending, or decline with a comment that tells the organizer why.
import type { Integration } from "@/db/schema";
import { callGraph } from "./graph-access";

export type MeetingResponse = "accept" | "tentativelyAccept" | "decline";

/** The event's responseStatus.response once the room gave each answer. */
const GIVEN: Record<MeetingResponse, string> = { accept: "accepted", tentativelyAccept: "tentativelyAccepted", decline: "declined" };

export async function respondToMeeting(integration: Integration, mailbox: string, eventId: string, response: MeetingResponse, comment?: string): Promise<void> {
  const path = `${mailbox === "me" ? "/me" : `/users/${encodeURIComponent(mailbox)}`}/events/${encodeURIComponent(eventId)}/${response}`;
  await callGraph(integration, mailbox, (c) => c.api(path).post({ comment: comment ?? "", sendResponse: true }));
}

/**
 * Answer as the room when that tells the organizer something: application mode only (delegated,
 * the calendar is the organizer's own), never on an event the room organizes itself (written
 * straight into its calendar: Graph refuses a response from the organizer), and not again when the
 * room already gave this answer, unless there is a comment to pass on. True when it answered.
 */
export async function answerAsRoom(
  integration: Integration,
  mailbox: string,
  ev: { id: string; responseStatus?: { response?: string } | null },
  response: MeetingResponse,
  comment?: string,
): Promise<boolean> {
  if (integration.mode !== "application") return false;
  const current = ev.responseStatus?.response;
  if (current === "organizer" || (!comment && current === GIVEN[response])) return false;
  await respondToMeeting(integration, mailbox, ev.id, response, comment);
  return true;
}

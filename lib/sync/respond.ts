// The room's answer to a meeting (application mode: we act as the room mailbox; delegated: as the
// service account the meeting invited): accept, tentative while approval is pending, or decline with
// a comment that tells the organizer why.
import type { Integration } from "@/db/schema";
import { callGraph } from "@/lib/sync/graph-access";
import { mailboxBatches, sendBatch, type BatchAnswer } from "@/lib/sync/batch";

export type MeetingResponse = "accept" | "tentativelyAccept" | "decline";

/** The event's responseStatus.response once the room gave each answer. */
const GIVEN: Record<MeetingResponse, string> = {
  accept: "accepted",
  tentativelyAccept: "tentativelyAccepted",
  decline: "declined",
};

const answerPath = (mailbox: string, eventId: string, response: MeetingResponse) =>
  `${mailbox === "me" ? "/me" : `/users/${encodeURIComponent(mailbox)}`}/events/${encodeURIComponent(eventId)}/${response}`;

export async function respondToMeeting(
  integration: Integration,
  mailbox: string,
  eventId: string,
  response: MeetingResponse,
  comment?: string,
): Promise<void> {
  await callGraph(integration, mailbox, (c) =>
    c.api(answerPath(mailbox, eventId, response)).post({ comment: comment ?? "", sendResponse: true }),
  );
}

/**
 * Answer for the calendar Roomlink books from, when that tells the organizer something: application
 * mode as the room mailbox; delegated mode as the service account, when the meeting is an invitation
 * to it (the organizer then reads the answer on their own event, as they would a room's). Never on
 * an event the calendar organizes itself (written straight into it: there is nobody to answer, and
 * Graph refuses), and not again when this answer was already given, unless there is a comment to
 * pass on. True when it answered.
 */
export async function answerAsRoom(
  integration: Integration,
  mailbox: string,
  ev: { id: string; responseStatus?: { response?: string } | null },
  response: MeetingResponse,
  comment?: string,
): Promise<boolean> {
  if (!needsAnswer(integration, ev, response, comment)) return false;
  await respondToMeeting(integration, mailbox, ev.id, response, comment);
  return true;
}

/** Whether answerAsRoom would answer (see there). */
export function needsAnswer(
  integration: Integration,
  ev: { responseStatus?: { response?: string } | null },
  response: MeetingResponse,
  comment?: string,
): boolean {
  const current = ev.responseStatus?.response;
  // Delegated: only a known invitation (an event we cannot place is the account's own, or unknown).
  if (current === "organizer" || (integration.mode === "delegated" && !current)) return false;
  return !(!comment && current === GIVEN[response]);
}

export interface Answer {
  mailbox: string;
  ev: { id: string; responseStatus?: { response?: string } | null };
  response: MeetingResponse;
}

/**
 * Many answers (answerAsRoom's rules) in `$batch`es of 20: a bulk delta round answers thousands of
 * new meetings in a few hundred requests instead of one each. A sub-request Graph refuses (429, 503,
 * a token that expired in between) is sent again on its own, with callGraph's retry and refresh.
 * Returns the first failure per mailbox; the other mailboxes' answers go on.
 */
export async function answerManyAsRoom(integration: Integration, answers: Answer[]): Promise<Map<string, unknown>> {
  const errors = new Map<string, unknown>();
  for (const batch of mailboxBatches(answers.filter((a) => needsAnswer(integration, a.ev, a.response)))) {
    const chunk = batch.filter((a) => !errors.has(a.mailbox));
    if (!chunk.length) continue;
    let answered: (BatchAnswer | undefined)[] = [];
    try {
      answered = await sendBatch(
        integration,
        chunk.map((a) => ({
          mailbox: a.mailbox,
          method: "POST",
          url: answerPath(a.mailbox, a.ev.id, a.response),
          headers: { "Content-Type": "application/json" },
          body: { comment: "", sendResponse: true },
        })),
      );
    } catch {
      // the whole batch failed: every answer on its own below
    }
    for (const [n, a] of chunk.entries()) {
      const status = answered[n]?.status;
      if (status !== undefined && status >= 200 && status < 300) continue;
      if (errors.has(a.mailbox)) continue;
      try {
        await respondToMeeting(integration, a.mailbox, a.ev.id, a.response);
      } catch (e) {
        errors.set(a.mailbox, e);
      }
    }
  }
  return errors;
}

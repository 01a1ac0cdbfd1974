// What the sandbox's Outlook pages show of a meeting, apart from the HTML: answers in the words
// Outlook's tracking uses, "Canceled: " subjects, lanes for overlapping meetings in a day column,
// and the New meeting form's default start (the next half hour, as Outlook proposes, never the past).
import type { DateTime } from "luxon";
import type { ResponseMessage, StoredEvent } from "../model";
import { esc } from "./html";

// Graph's responseType values (https://learn.microsoft.com/graph/api/resources/responsestatus) in
// Outlook's tracking words; "none"/"notResponded" both read as no answer yet.
const ANSWERS: Record<string, string> = {
  accepted: "Accepted",
  tentativelyAccepted: "Tentative",
  declined: "Declined",
  none: "No response yet",
  notResponded: "No response yet",
  organizer: "Organizer",
};

export function answerWords(response: string): string {
  return ANSWERS[response] ?? response;
}

export function answerPill(response: string): string {
  return `<span class="pill ${esc(response)}">${esc(answerWords(response))}</span>`;
}

/** Exchange already prefixes the room's kept copy; a cancelled item from elsewhere gets the same. */
export function cancelledSubject(subject: string, cancelled: boolean): string {
  return cancelled && !/^canceled:/i.test(subject) ? `Canceled: ${subject}` : subject;
}

export function responseMessages(ev: StoredEvent): ResponseMessage[] {
  return ev.responseMessages ?? [];
}

/**
 * Lanes for one day's meetings: meetings that overlap, directly or through a chain, form a group
 * that shares the column's width equally; each gets the first lane free at its start.
 */
export function layOutDay(items: { startMs: number; endMs: number }[]): { lane: number; of: number }[] {
  const order = items.map((it, index) => ({ ...it, index })).sort((a, b) => a.startMs - b.startMs || b.endMs - a.endMs);
  const out: { lane: number; of: number }[] = items.map(() => ({ lane: 0, of: 1 }));
  let group: { index: number; lane: number }[] = [];
  let laneEnds: number[] = [];
  let groupEnd = -Infinity;
  const close = () => {
    for (const g of group) out[g.index] = { lane: g.lane, of: laneEnds.length };
    group = [];
    laneEnds = [];
  };
  for (const it of order) {
    if (it.startMs >= groupEnd) close();
    // A zero-length item still takes a visible slot.
    const end = Math.max(it.endMs, it.startMs + 1);
    let lane = laneEnds.findIndex((e) => e <= it.startMs);
    if (lane < 0) lane = laneEnds.push(end) - 1;
    else laneEnds[lane] = end;
    group.push({ index: it.index, lane });
    groupEnd = Math.max(groupEnd, end);
  }
  close();
  return out;
}

/**
 * The New meeting form's start: a future day asked for (the week being looked at) at 10:00, else the
 * next half hour from now (rolling into tomorrow late at night).
 */
export function defaultMeetingStart(now: DateTime, date: string | null): DateTime {
  const next = now.startOf("minute").plus({ minutes: 30 - (now.minute % 30) });
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
    const day = now.set({
      year: Number(date.slice(0, 4)),
      month: Number(date.slice(5, 7)),
      day: Number(date.slice(8, 10)),
      hour: 10,
      minute: 0,
      second: 0,
      millisecond: 0,
    });
    if (day.isValid && day.startOf("day") > now.startOf("day")) return day;
  }
  return next;
}

// Before activation: what Exchange's resource-mailbox processing does to meetings in each mapped
// room, read off a few recent copies on the room's calendar. Exchange's defaults replace the
// subject with the organiser's name (AddOrganizerToSubject + DeleteSubject), remove the body
// (DeleteComments) and clear the private flag (RemovePrivateProperty); Roomlink cannot undo that,
// only the tenant admin can, with Set-CalendarProcessing
// (https://learn.microsoft.com/powershell/module/exchange/set-calendarprocessing). Runs after the
// save has committed and never fails it: a room it cannot read is reported as not checked.
import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrationRooms, type Integration } from "@/db/schema";
import { getGraphClient, graphCall } from "@/lib/graph/client";
import { AccessDeniedError, IntegrationError, type AdviceCode } from "@/lib/graph/errors";
import { log } from "@/lib/log";

/**
 * replaces: subject = organiser's name; prefixes: "Organiser Subject" (AddOrganizerToSubject only);
 * keeps: subjects arrive as sent; no_meetings: nothing recent to judge by (Exchange's default would
 * replace them); denied: Graph answered 403; failed: any other error.
 */
export type ProcessingState = "replaces" | "prefixes" | "keeps" | "no_meetings" | "denied" | "failed";

export interface RoomProcessing {
  mailbox: string;
  state: ProcessingState;
  /** The command that turns the processing off, for every state but "keeps". */
  command?: string;
  advice?: AdviceCode;
}

/** How many recent items to read per room: enough to see one invitation among direct writes. */
export const RECENT = 10;
/** Upper bound per call, so one server action stays short; the screen asks again for the rest. */
export const MAX_PER_CALL = 20;

type EventLite = {
  subject?: string | null;
  organizer?: { emailAddress?: { name?: string | null; address?: string | null } } | null;
};

export function fixCommand(mailbox: string): string {
  // PowerShell: a double-quoted identity survives addresses with apostrophes or spaces in display names.
  return `Set-CalendarProcessing -Identity "${mailbox.replace(/"/g, '`"')}" -AddOrganizerToSubject $false -DeleteSubject $false -DeleteComments $false -RemovePrivateProperty $false`;
}

/** Judge the room's processing from its copies of other people's meetings (its own items prove nothing). */
export function classify(mailbox: string, events: EventLite[]): ProcessingState {
  // Meetings organised by someone else (who has a name): the subject next to the organizer's name.
  const invited = events.flatMap((e) => {
    const address = e.organizer?.emailAddress?.address?.trim().toLowerCase();
    const name = e.organizer?.emailAddress?.name?.trim();
    return name && address !== mailbox.trim().toLowerCase() ? [{ subject: (e.subject ?? "").trim(), name }] : [];
  });
  if (!invited.length) return "no_meetings";
  if (invited.some((e) => e.subject === e.name)) return "replaces";
  if (invited.some((e) => e.subject.startsWith(`${e.name} `))) return "prefixes";
  return "keeps";
}

export async function checkRoomProcessing(i: Integration, mailbox: string): Promise<RoomProcessing> {
  const client = getGraphClient(i, mailbox);
  try {
    const page = (await graphCall(
      () =>
        client
          .api(`/users/${encodeURIComponent(mailbox)}/events`)
          .top(RECENT)
          .select("subject,organizer")
          .orderby("createdDateTime desc")
          .get(),
      mailbox,
    )) as { value: EventLite[] };
    const state = classify(mailbox, page.value ?? []);
    return state === "keeps" ? { mailbox, state } : { mailbox, state, command: fixCommand(mailbox) };
  } catch (e) {
    if (e instanceof AccessDeniedError)
      return { mailbox, state: "denied", advice: e.advice, command: fixCommand(mailbox) };
    // Expected outcomes (throttling, a network hiccup) are reported per room; the save has already committed.
    log.warn({ integrationId: i.id, mailbox, err: e }, "room processing check failed");
    return {
      mailbox,
      state: "failed",
      advice: e instanceof IntegrationError ? e.advice : "unknown",
      command: fixCommand(mailbox),
    };
  }
}

/**
 * Check the given mapped mailboxes (at most MAX_PER_CALL), four at a time as Graph allows per app and
 * mailbox, and keep diagnostics' per-room columns in step. Mailboxes not mapped are ignored.
 */
export async function checkMappedRooms(i: Integration, mailboxes: string[]): Promise<RoomProcessing[]> {
  const db = await getDb();
  const wanted = [...new Set(mailboxes.map((m) => m.trim().toLowerCase()).filter(Boolean))].slice(0, MAX_PER_CALL);
  if (!wanted.length) return [];
  const rows = await db.select().from(integrationRooms).where(eq(integrationRooms.integrationId, i.id));
  const mapped = rows.filter((r) => wanted.includes(r.mailboxUpn.toLowerCase()));
  const out: RoomProcessing[] = [];
  for (let k = 0; k < mapped.length; k += 4)
    out.push(...(await Promise.all(mapped.slice(k, k + 4).map((r) => checkRoomProcessing(i, r.mailboxUpn)))));
  const now = new Date();
  for (const state of ["replaces", "prefixes", "keeps"] as const) {
    const ids = mapped.filter((r) => out.find((o) => o.mailbox === r.mailboxUpn)?.state === state).map((r) => r.id);
    if (ids.length)
      await db
        .update(integrationRooms)
        .set({ subjectReplaced: state !== "keeps", accessStatus: "ok", accessCheckedAt: now })
        .where(and(eq(integrationRooms.integrationId, i.id), inArray(integrationRooms.id, ids)));
  }
  const denied = mapped.filter((r) => out.find((o) => o.mailbox === r.mailboxUpn)?.state === "denied").map((r) => r.id);
  if (denied.length)
    await db
      .update(integrationRooms)
      .set({ accessStatus: "ErrorAccessDenied", accessCheckedAt: now })
      .where(inArray(integrationRooms.id, denied));
  return out;
}

/** The room mailboxes mapped to a Roomlink room, for the booking page's command (any integration). */
export async function mailboxesOfRoom(roomId: string): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ upn: integrationRooms.mailboxUpn })
    .from(integrationRooms)
    .where(eq(integrationRooms.roomId, roomId));
  return rows.map((r) => r.upn).sort();
}

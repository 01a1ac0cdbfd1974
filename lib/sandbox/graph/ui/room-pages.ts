// A room mailbox as the UI shows it under its calendar: the week's invitations with the room's answer
// and message (what organizers see), and its Set-CalendarProcessing switches, editable.
import { DateTime } from "luxon";
import type { DirectoryUser, SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { processingOf } from "../calendar-processing";
import { calendarView } from "../calendar-view";
import type { Core } from "../core";
import { GraphError } from "../http";
import { formatId } from "../model";
import { esc, form, qs, redirect } from "./html";
import { answerPill, cancelledSubject, responseMessages } from "./layout";
import { people } from "./people";

/** Every invitation of this room in the week, as the organizers see the room's answer (declines leave no copy). */
export function roomRequests(core: Core, me: DirectoryUser, room: DirectoryUser, monday: DateTime): string {
  const rows: { at: number; html: string }[] = [];
  for (const u of people(core).users) {
    for (const i of calendarView(core.store, u.id, monday.toMillis(), monday.plus({ days: 7 }).toMillis())) {
      const a = (i.occ?.exception?.attendees ?? i.ev.attendees).find(
        (x) => x.emailAddress.address.toLowerCase() === room.mail.toLowerCase(),
      );
      if (!a) continue;
      const s = DateTime.fromMillis(i.startMs, { zone: me.timeZone });
      const id = formatId({ mailboxId: i.ev.mailboxId, key: i.ev.key, occurrence: i.occ?.original }, false);
      const note = responseMessages(i.ev).find(
        (m) => m.mailboxId === room.id && (!m.occurrence || m.occurrence === i.occ?.original),
      );
      const subject = cancelledSubject(
        i.occ?.exception?.subject ?? i.ev.subject,
        Boolean(i.occ?.exception?.isCancelled ?? i.ev.isCancelled),
      );
      rows.push({
        at: i.startMs,
        html: `<tr><td>${esc(s.toFormat("ccc d LLL HH:mm"))}</td><td>${esc(i.ev.organizer.emailAddress.name)}</td><td><a href="/ui/event${qs({ as: me.id, id })}">${esc(subject)}</a></td><td>${answerPill(a.status.response)}${note?.comment ? `<div class="reply">“${esc(note.comment)}”</div>` : ""}</td></tr>`,
      });
    }
  }
  return `<h1 style="margin-top:16px">Requests for ${esc(room.displayName)} this week</h1><table><tr><th>When</th><th>Organizer</th><th>Meeting</th><th>Room's answer and message</th></tr>${
    rows
      .sort((x, y) => x.at - y.at)
      .map((r) => r.html)
      .join("") || `<tr><td colspan="4" class="muted">No invitations this week.</td></tr>`
  }</table>`;
}

/** The room's Set-CalendarProcessing switches as the sandbox models them (calendar-processing.ts), editable. */
export function roomSettings(me: DirectoryUser, room: DirectoryUser): string {
  const p = processingOf(room);
  const box = (name: string, on: boolean, label = name) =>
    `<label><input type="checkbox" name="${name}" value="1"${on ? " checked" : ""}> ${esc(label)}</label>`;
  const num = (name: string, v: number, label: string) =>
    `<label>${esc(label)} <input type="number" name="${name}" value="${esc(v)}" min="0" style="width:80px"></label>`;
  const modes = ["AutoAccept", "AutoUpdate", "None"]
    .map((m) => `<option${m === p.automateProcessing ? " selected" : ""}>${m}</option>`)
    .join("");
  return `<form class="card checks" method="post" action="/ui/room-settings${qs({ as: me.id, room: room.id })}"><strong>${esc(room.displayName)}</strong> · Set-CalendarProcessing:
<label>AutomateProcessing <select name="automateProcessing" aria-label="AutomateProcessing">${modes}</select></label>
${box("addOrganizerToSubject", p.addOrganizerToSubject, "AddOrganizerToSubject")}${box("deleteSubject", p.deleteSubject, "DeleteSubject")}${box("deleteComments", p.deleteComments, "DeleteComments")}${box("removePrivateProperty", p.removePrivateProperty, "RemovePrivateProperty")}${box("removeCanceledMeetings", p.removeCanceledMeetings, "RemoveCanceledMeetings")}${box("allowConflicts", p.allowConflicts, "AllowConflicts")}
${num("bookingWindowInDays", p.bookingWindowInDays, "BookingWindowInDays")}${num("maximumDurationInMinutes", p.maximumDurationInMinutes, "MaximumDurationInMinutes")}
<button type="submit">Save</button><span class="muted">Subject, body and private-flag switches apply only with AutoAccept (the Resource Booking Attendant).</span></form>`;
}

export function saveRoomSettings(core: Core, req: SandboxRequest): SandboxResponse {
  const f = form(req);
  const room = req.url.searchParams.get("room") ?? "";
  const mode = f.get("automateProcessing");
  if (mode !== "AutoAccept" && mode !== "AutoUpdate" && mode !== "None")
    throw new GraphError(400, "BadRequest", "AutomateProcessing must be AutoAccept, AutoUpdate or None.");
  const whole = (k: string, max: number) => {
    const n = Number(f.get(k));
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new GraphError(
        400,
        "BadRequest",
        `${k.charAt(0).toUpperCase()}${k.slice(1)} must be a whole number from 0 to ${max}.`,
      );
    return n;
  };
  core.ctx.directory.updateRoom(room, {
    addOrganizerToSubject: f.has("addOrganizerToSubject"),
    deleteSubject: f.has("deleteSubject"),
    processing: {
      automateProcessing: mode,
      deleteComments: f.has("deleteComments"),
      removePrivateProperty: f.has("removePrivateProperty"),
      removeCanceledMeetings: f.has("removeCanceledMeetings"),
      allowConflicts: f.has("allowConflicts"),
      // The cmdlet's ranges: BookingWindowInDays 0-1080, MaximumDurationInMinutes 0-2147483647.
      bookingWindowInDays: whole("bookingWindowInDays", 1080),
      maximumDurationInMinutes: whole("maximumDurationInMinutes", 2_147_483_647),
    },
  });
  return redirect(`/ui/calendar${qs({ as: req.url.searchParams.get("as") ?? "", view: room })}`);
}

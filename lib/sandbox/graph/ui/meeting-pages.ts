// Meetings as an Outlook user handles them: the new meeting form (invite rooms and people, Teams,
// basic recurrence) and its post; a meeting's details, showing every attendee's answer in words, a
// room's answer with its comment, "Canceled: …" copies kept on a room calendar; move / cancel / respond.
import { DateTime } from "luxon";
import type { DirectoryUser, SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { instanceAt } from "../calendar-view";
import { type Core, mailboxOf } from "../core";
import { GraphError } from "../http";
import { parseId, type StoredEvent } from "../model";
import { esc, form, page, qs, redirect } from "./html";
import { answerPill, cancelledSubject, defaultMeetingStart, responseMessages } from "./layout";
import { actor, people } from "./people";

export function newMeetingPage(core: Core, req: SandboxRequest): SandboxResponse {
  const me = actor(core, req.url);
  const { users, rooms } = people(core);
  const at = defaultMeetingStart(DateTime.now().setZone(me.timeZone), req.url.searchParams.get("date"));
  const date = at.toISODate()!;
  const check = (name: string, u: DirectoryUser, extra = "") =>
    `<label><input type="checkbox" name="${name}" value="${esc(u.mail)}"> ${esc(u.displayName)} ${extra}</label>`;
  const body = `<h1>New meeting</h1><form class="card" method="post" action="/ui/new${qs({ as: me.id })}">
<label for="subject">Title</label><input id="subject" name="subject" required style="width:100%" placeholder="Add a title">
<div class="row"><div><label for="date">Date</label><input id="date" type="date" name="date" value="${esc(date)}" required></div><div><label for="start">Start</label><input id="start" type="time" name="start" value="${esc(at.toFormat("HH:mm"))}" required></div><div><label for="end">End</label><input id="end" type="time" name="end" value="${esc(at.plus({ minutes: 30 }).toFormat("HH:mm"))}" required></div>
<div><label for="repeat">Repeat</label><select id="repeat" name="repeat"><option value="">Does not repeat</option><option value="daily">Daily</option><option value="weekly">Weekly</option><option value="absoluteMonthly">Monthly</option></select></div>
<div><label for="count">Occurrences</label><input id="count" type="number" name="count" value="5" min="1" max="100"></div></div>
<fieldset class="checks"><legend>Rooms</legend>${rooms.map((r) => check("room", r, `<span class="muted">(${esc(r.capacity ?? "?")})</span>`)).join("")}</fieldset>
<fieldset class="checks"><legend>Attendees</legend>${users
    .filter((u) => u.id !== me.id)
    .map((u) => check("attendee", u))
    .join("")}</fieldset>
<label class="checks"><input type="checkbox" name="teams" value="1"> Teams meeting</label>
<label for="details">Details</label><textarea id="details" name="body" rows="3" style="width:100%"></textarea>
<p><button class="primary" type="submit">Send</button> <a class="btn" href="/ui/calendar${qs({ as: me.id })}">Discard</a></p></form>`;
  return page("New meeting", body, { as: me.id, asName: me.displayName });
}

export function createMeeting(core: Core, req: SandboxRequest): SandboxResponse {
  const me = actor(core, req.url);
  const f = form(req);
  const date = f.get("date") ?? "";
  const roomsPicked = f.getAll("room");
  const attendees = [
    ...f.getAll("attendee").map((a) => ({
      type: "required",
      emailAddress: { address: a, name: core.ctx.directory.findUser(a)?.displayName ?? a },
    })),
    ...roomsPicked.map((a) => ({
      type: "resource",
      emailAddress: { address: a, name: core.ctx.directory.findUser(a)?.displayName ?? a },
    })),
  ];
  const repeat = f.get("repeat");
  const day = DateTime.fromISO(date, { zone: me.timeZone });
  const firstRoom = roomsPicked[0] ? core.ctx.directory.findUser(roomsPicked[0]) : undefined;
  core.store.create(mailboxOf(me), {
    subject: f.get("subject") ?? "",
    body: { contentType: "text", content: f.get("body") ?? "" },
    start: { dateTime: `${date}T${f.get("start") ?? ""}:00`, timeZone: me.timeZone },
    end: { dateTime: `${date}T${f.get("end") ?? ""}:00`, timeZone: me.timeZone },
    attendees,
    location: firstRoom ? { displayName: firstRoom.displayName, locationEmailAddress: firstRoom.mail } : undefined,
    isOnlineMeeting: f.has("teams"),
    onlineMeetingProvider: f.has("teams") ? "teamsForBusiness" : undefined,
    recurrence: repeat
      ? {
          pattern: { type: repeat, interval: 1, daysOfWeek: [day.toFormat("cccc").toLowerCase()], dayOfMonth: day.day },
          range: {
            type: "numbered",
            startDate: date,
            numberOfOccurrences: Math.max(1, Math.min(100, Number(f.get("count")) || 5)),
          },
        }
      : undefined,
  });
  core.changed();
  return redirect(`/ui/calendar${qs({ as: me.id, week: date })}`);
}

function target(core: Core, id: string): { ev: StoredEvent; occurrence?: string } {
  const p = parseId(id);
  const ev = p && core.store.get(p.mailboxId, p.key);
  if (!p || !ev) throw new GraphError(404, "ErrorItemNotFound", "That meeting no longer exists.");
  return { ev, occurrence: p.occurrence };
}

export function eventPage(core: Core, req: SandboxRequest): SandboxResponse {
  const me = actor(core, req.url);
  const id = req.url.searchParams.get("id") ?? "";
  const { ev, occurrence } = target(core, id);
  const occ = occurrence ? instanceAt(ev, occurrence) : undefined;
  const zone = me.timeZone;
  const s = DateTime.fromISO(occ?.startUtc ?? ev.start.utc, { zone: "utc" }).setZone(zone);
  const e = DateTime.fromISO(occ?.endUtc ?? ev.end.utc, { zone: "utc" }).setZone(zone);
  const owner = core.ctx.directory.findUser(ev.mailboxId);
  const isOrganizerView = !ev.copyOf;
  const messages = responseMessages(ev);
  const attendees = (occ?.exception?.attendees ?? ev.attendees)
    .map((a) => {
      const who = core.ctx.directory.findUser(a.emailAddress.address);
      const note =
        who && messages.find((m) => m.mailboxId === who.id && (!m.occurrence || m.occurrence === occurrence));
      const kind = who?.kind === "room" ? "room" : a.type;
      return `<tr><td>${esc(a.emailAddress.name)} <span class="muted">${esc(a.emailAddress.address)}</span></td><td>${esc(kind)}</td><td>${answerPill(a.status.response)}</td><td>${note?.comment ? `<span class="reply">“${esc(note.comment)}”</span>` : `<span class="muted">—</span>`}</td></tr>`;
    })
    .join("");
  const cancelled = Boolean(occ?.exception?.isCancelled ?? ev.isCancelled);
  const action = (path: string, label: string, cls = "", extra = "") =>
    `<form method="post" action="${path}${qs({ as: me.id, id })}" style="display:inline">${extra}<button class="${cls}" type="submit">${esc(label)}</button></form>`;
  const body = `<h1>${esc(cancelledSubject(occ?.exception?.subject ?? ev.subject, cancelled) || "(no subject)")}</h1>${cancelled ? `<div class="card cancelled-note">The organizer cancelled this meeting. It stays on this calendar as cancelled (Set-CalendarProcessing -RemoveCanceledMeetings $false, Exchange's default).</div>` : ""}<div class="card">
<p><strong>${esc(s.toFormat("cccc d LLLL yyyy, HH:mm"))} – ${esc(e.toFormat("HH:mm"))}</strong> <span class="muted">${esc(zone)}</span>${ev.recurrence ? ` · repeats ${esc(ev.recurrence.pattern.type)}` : ""}</p>
<p>Calendar of ${esc(owner?.displayName)} · organizer ${esc(ev.organizer.emailAddress.name)}${ev.copyOf ? ` · this copy's answer ${answerPill((occ?.exception?.responseStatus ?? ev.responseStatus).response)}` : ""}</p>
${ev.joinUrl ? `<p><a href="${esc(ev.joinUrl)}">Join Teams meeting</a></p>` : ""}
${ev.location.displayName ? `<p>Location: ${esc(ev.location.displayName)}</p>` : ""}
${attendees ? `<h2>Tracking</h2><table class="tracking"><tr><th>Attendee</th><th>Type</th><th>Response</th><th>Message</th></tr>${attendees}</table>` : ""}<p class="muted">${esc(ev.body.content.replace(/<[^>]+>/g, " "))}</p></div>
${
  isOrganizerView
    ? `<form class="card" method="post" action="/ui/event/move${qs({ as: me.id, id })}"><strong>Move</strong>
<div class="row"><input type="date" name="date" value="${esc(s.toISODate())}"><input type="time" name="start" value="${esc(s.toFormat("HH:mm"))}"><input type="time" name="end" value="${esc(e.toFormat("HH:mm"))}"><button class="primary" type="submit">Save</button></div></form>
<div class="card">${action("/ui/event/cancel", occurrence ? "Cancel this occurrence" : "Cancel meeting", "danger")}</div>`
    : `<form class="card" method="post" action="/ui/event/respond${qs({ as: me.id, id })}"><strong>Answer as ${esc(owner?.displayName)}</strong>
<div class="row"><input name="comment" aria-label="Message to the organizer" placeholder="Message to the organizer (optional)" style="flex:1;min-width:240px">
<button class="primary" type="submit" name="response" value="accepted">Accept</button><button type="submit" name="response" value="tentativelyAccepted">Tentative</button><button class="danger" type="submit" name="response" value="declined">Decline</button></div></form>`
}
<p><a class="btn" href="/ui/calendar${qs({ as: me.id, view: ev.mailboxId, week: s.toISODate()! })}">Back to calendar</a></p>`;
  return page("Meeting", body, { as: me.id, asName: me.displayName });
}

export function eventAction(core: Core, req: SandboxRequest, action: string): SandboxResponse {
  const me = actor(core, req.url);
  const id = req.url.searchParams.get("id") ?? "";
  const { ev, occurrence } = target(core, id);
  const f = form(req);
  const back = `/ui/calendar${qs({ as: me.id, view: ev.mailboxId })}`;
  if (action === "move") {
    const date = f.get("date") ?? "";
    const tz = me.timeZone;
    const patch = {
      start: { dateTime: `${date}T${f.get("start") ?? ""}:00`, timeZone: tz },
      end: { dateTime: `${date}T${f.get("end") ?? ""}:00`, timeZone: tz },
    };
    if (occurrence) core.store.patchOccurrence(ev, occurrence, patch);
    else core.store.patch(ev, patch);
  } else if (action === "cancel") {
    if (occurrence) core.store.cancelOccurrence(ev, occurrence);
    else core.store.delete(ev);
  } else if (action === "respond") {
    const r = f.get("response") ?? "";
    if (!["accepted", "tentativelyAccepted", "declined"].includes(r))
      throw new GraphError(400, "BadRequest", "Unknown response.");
    core.store.respond(ev, r, occurrence, (f.get("comment") ?? "").trim() || undefined);
  }
  core.changed();
  return redirect(`${back}&week=${encodeURIComponent(DateTime.fromISO(ev.start.utc).toISODate() ?? "")}`);
}

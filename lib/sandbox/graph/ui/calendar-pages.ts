// The "act as an Outlook user" pages: pick a user, week calendar of a user or room, new meeting
// (invite rooms and people, Teams, basic recurrence), event details with move / cancel / respond.
// Shows what Outlook shows an organizer: every attendee's answer in words, a room's answer with the
// comment it came with, meetings cancelled but kept on a room calendar as "Canceled: …", and
// overlapping meetings side by side (layout.ts).
import { DateTime } from "luxon";
import { must } from "@/lib/invariant";
import type { DirectoryUser, SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { processingOf } from "../calendar-processing";
import { calendarView, instanceAt } from "../calendar-view";
import { type Core, mailboxOf } from "../core";
import { GraphError } from "../http";
import { parseId, formatId, type StoredEvent } from "../model";
import { esc, form, page, qs, redirect } from "./html";
import { answerPill, cancelledSubject, defaultMeetingStart, layOutDay, responseMessages } from "./layout";

const FIRST_HOUR = 7;
const HOURS = 14;

function people(core: Core) {
  const all = core.ctx.directory.users();
  return { users: all.filter((u) => u.kind === "user"), rooms: all.filter((u) => u.kind === "room") };
}

export function homePage(core: Core): SandboxResponse {
  const { users, rooms } = people(core);
  const li = (u: DirectoryUser) =>
    `<li><a href="/ui/calendar${qs({ as: u.id })}">${esc(u.displayName)}</a> <span class="muted">${esc(u.userPrincipalName)}</span></li>`;
  const roomLi = (u: DirectoryUser) =>
    `<li>${esc(u.displayName)} <span class="muted">${esc(u.mail)} · ${esc(u.capacity ?? "?")} seats · AutomateProcessing ${esc(processingOf(u).automateProcessing)}</span></li>`;
  return page(
    "Choose a user",
    `<h1>Act as an Outlook user</h1><div class="card"><ul>${users.map(li).join("")}</ul></div>
<h1>Room mailboxes</h1><div class="card"><ul>${rooms.map(roomLi).join("")}</ul><p class="muted">Pick a user, then choose a room under "Calendar of" to see what the room accepted or declined.</p></div>`,
  );
}

function actor(core: Core, url: URL): DirectoryUser {
  const as = url.searchParams.get("as");
  const u = as ? core.ctx.directory.findUser(as) : undefined;
  if (!u) throw new GraphError(400, "BadRequest", "Choose a user first.");
  return u;
}

export function calendarPage(core: Core, req: SandboxRequest): SandboxResponse {
  const url = req.url;
  const me = actor(core, url);
  const { users, rooms } = people(core);
  const view = core.ctx.directory.findUser(url.searchParams.get("view") ?? me.id) ?? me;
  const zone = me.timeZone;
  const weekParam = url.searchParams.get("week");
  // Like Outlook's work-week view: on a weekend "this week" means the coming one.
  const now = DateTime.now().setZone(zone);
  const monday = (
    weekParam ? DateTime.fromISO(weekParam, { zone }) : now.plus({ days: now.weekday >= 6 ? 2 : 0 })
  ).startOf("week");
  const items = calendarView(core.store, view.id, monday.toMillis(), monday.plus({ days: 7 }).toMillis());
  const today = DateTime.now().setZone(zone).toISODate();
  const nav = (w: DateTime) => `/ui/calendar${qs({ as: me.id, view: view.id, week: w.toISODate()! })}`;
  const cols = Array.from({ length: 7 }, (_, d) => {
    const day = monday.plus({ days: d });
    const dayItems = items.filter((i) => DateTime.fromMillis(i.startMs, { zone }).hasSame(day, "day"));
    const lanes = layOutDay(dayItems);
    const evs = dayItems.map((i, n) => {
      const s = DateTime.fromMillis(i.startMs, { zone });
      const e = DateTime.fromMillis(i.endMs, { zone });
      const top = Math.max(0, ((s.hour - FIRST_HOUR) * 60 + s.minute) * 0.8);
      const height = Math.max(18, e.diff(s, "minutes").minutes * 0.8);
      const cancelled = Boolean(i.occ?.exception?.isCancelled ?? i.ev.isCancelled);
      const subject = cancelledSubject(i.occ?.exception?.subject ?? i.ev.subject, cancelled);
      const response = (i.occ?.exception?.responseStatus ?? i.ev.responseStatus).response;
      const showAs = i.occ?.exception?.showAs ?? i.ev.showAs;
      const cls = [
        "ev",
        i.ev.copyOf ? "room" : "",
        !cancelled && (response === "notResponded" || showAs === "tentative") ? "tentative" : "",
        cancelled ? "cancelled" : "",
      ]
        .filter(Boolean)
        .join(" ");
      const id = formatId({ mailboxId: i.ev.mailboxId, key: i.ev.key, occurrence: i.occ?.original }, false);
      const { lane, of } = must(lanes[n], "the lane of a day's item (layOutDay keeps the items' order)");
      // Side by side like Outlook: each overlapping meeting gets an equal share of the day's width.
      const pos = `top:${top}px;height:${height}px;left:calc(${(lane * 100) / of}% + 2px);width:calc(${100 / of}% - 4px)`;
      return `<a class="${cls}" style="${pos}" href="/ui/event${qs({ as: me.id, id })}" title="${esc(subject)}"><strong>${esc(s.toFormat("HH:mm"))}</strong> ${esc(subject || "(no subject)")}${i.ev.recurrence ? " ↻" : ""}${i.ev.joinUrl ? " · Teams" : ""}</a>`;
    });
    return `<div><div class="hd${day.toISODate() === today ? " today" : ""}">${esc(day.toFormat("ccc d LLL"))}</div><div class="col">${evs.join("")}</div></div>`;
  });
  const hours = Array.from(
    { length: HOURS },
    (_, h) => `<div>${String(FIRST_HOUR + h).padStart(2, "0")}:00</div>`,
  ).join("");
  const options = [...users, ...rooms]
    .map(
      (u) =>
        `<option value="${esc(u.id)}"${u.id === view.id ? " selected" : ""}>${esc(u.displayName)}${u.kind === "room" ? " (room)" : ""}</option>`,
    )
    .join("");
  const body = `<div class="bar"><a class="btn primary" href="/ui/new${qs({ as: me.id, date: monday.toISODate()! })}">New meeting</a>
<a class="btn" href="${nav(monday.minus({ weeks: 1 }))}" aria-label="Previous week" title="Previous week">‹</a><a class="btn" href="${nav(now.plus({ days: now.weekday >= 6 ? 2 : 0 }))}">Today</a><a class="btn" href="${nav(monday.plus({ weeks: 1 }))}" aria-label="Next week" title="Next week">›</a>
<strong>${esc(monday.toFormat("d LLL"))} – ${esc(monday.plus({ days: 6 }).toFormat("d LLL yyyy"))}</strong>
<form method="get" action="/ui/calendar" style="margin-left:auto"><input type="hidden" name="as" value="${esc(me.id)}"><input type="hidden" name="week" value="${esc(monday.toISODate())}">
Calendar of <select name="view" aria-label="Calendar of" onchange="this.form.submit()">${options}</select></form></div>
${view.kind === "room" ? roomSettings(me, view) : ""}
<div class="grid"><div><div class="hd">&nbsp;</div><div class="hours">${hours}</div></div>${cols.join("")}</div>
<p class="muted">Times in ${esc(zone)}. Green: a room's copy of a meeting. Striped: awaiting an answer. Struck through: cancelled, still on the calendar.</p>
${view.kind === "room" ? roomRequests(core, me, view, monday) : ""}`;
  return page(`Calendar of ${view.displayName}`, body, { as: me.id, asName: me.displayName });
}

/** Every invitation of this room in the week, as the organizers see the room's answer (declines leave no copy). */
function roomRequests(core: Core, me: DirectoryUser, room: DirectoryUser, monday: DateTime): string {
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
function roomSettings(me: DirectoryUser, room: DirectoryUser): string {
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

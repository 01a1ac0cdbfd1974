// The "act as an Outlook user" entry pages: pick a user, then the week calendar of a user or room
// (overlapping meetings side by side, layout.ts). A room's calendar adds its settings and the week's
// requests (room-pages.ts); the new meeting and meeting details pages are meeting-pages.ts.
import { DateTime } from "luxon";
import { must } from "@/lib/invariant";
import type { DirectoryUser, SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import { processingOf } from "../calendar-processing";
import { calendarView } from "../calendar-view";
import type { Core } from "../core";
import { formatId } from "../model";
import { esc, page, qs } from "./html";
import { cancelledSubject, layOutDay } from "./layout";
import { actor, people } from "./people";
import { roomRequests, roomSettings } from "./room-pages";

const FIRST_HOUR = 7;
const HOURS = 14;

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

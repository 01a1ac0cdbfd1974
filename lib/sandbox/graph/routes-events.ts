// Calendar routes under /me and /users/{id|upn}: calendar(s), events CRUD, calendarView, instances,
// accept / tentativelyAccept / decline / cancel (https://learn.microsoft.com/graph/api/resources/event).
import type { DirectoryUser, SandboxResponse } from "@/lib/sandbox/contracts";
import { calendarView, instanceAt, type ViewItem } from "./calendar-view";
import { type Call, type Core, mailboxOf } from "./core";
import { renderEvent } from "./event-json";
import { notFound } from "./events-store";
import { GraphError, jsonResponse, parseJsonBody, preferenceApplied } from "./http";
import { formatId, parseId, type StoredEvent } from "./model";
import { parseEventQuery, type EventQuery } from "./query";
import { parseQueryInstant } from "./time-zones";
import { handleDelta } from "./delta";

const DEFAULT_PAGE = 10;

export function calendarId(mailboxId: string): string {
  return formatId({ mailboxId, key: "calendar" }, false);
}

function userPath(user: DirectoryUser): string {
  return `users('${user.id}')`;
}

/** rest = path segments after the mailbox segment. */
export function handleCalendar(core: Core, call: Call, user: DirectoryUser, rest: string[]): SandboxResponse {
  const { req } = call;
  const m = req.method.toUpperCase();
  let r = rest;
  if (r[0] === "calendar" && r.length === 1 && m === "GET")
    return jsonResponse(req, 200, {
      "@odata.context": `${call.base}/$metadata#${userPath(user)}/calendar/$entity`,
      ...calendarJson(user),
    });
  if (r[0] === "calendars" && r.length === 1 && m === "GET")
    return jsonResponse(req, 200, {
      "@odata.context": `${call.base}/$metadata#${userPath(user)}/calendars`,
      value: [calendarJson(user)],
    });
  if (r[0] === "calendars" && r.length >= 2) {
    if (r[1] !== calendarId(user.id))
      throw new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    if (r.length === 2 && m === "GET")
      return jsonResponse(req, 200, {
        "@odata.context": `${call.base}/$metadata#${userPath(user)}/calendars/$entity`,
        ...calendarJson(user),
      });
    r = r.slice(2);
  } else if (r[0] === "calendar") r = r.slice(1);

  if (r[0] === "calendarView" && r[1] === "delta" && r.length === 2 && m === "GET")
    return handleDelta(core, call, user);
  if (r[0] === "calendarView" && r.length === 1 && m === "GET") return listView(core, call, user);
  if (r[0] !== "events") throw new GraphError(400, "BadRequest", `Resource not found for the segment '${r[0] ?? ""}'.`);
  const [, key, action, ...beyond] = r;
  if (key === undefined) {
    if (m === "GET") return listEvents(core, call, user);
    if (m === "POST") return createEvent(core, call, user);
    throw methodNotAllowed();
  }
  const target = lookup(core, user, key);
  if (action === undefined) {
    if (m === "PATCH" || m === "DELETE") checkIfMatch(call, target);
    if (m === "GET") return getEvent(core, call, user, target);
    if (m === "PATCH") return patchEvent(core, call, user, target);
    if (m === "DELETE") {
      deleteTarget(core, target);
      return jsonResponse(req, 204, undefined);
    }
    throw methodNotAllowed();
  }
  const verb = action.toLowerCase();
  if (beyond.length === 0) {
    if (action === "instances" && m === "GET") return listInstances(core, call, user, target);
    if (m === "POST" && ["accept", "tentativelyaccept", "decline"].includes(verb))
      return respond(core, call, target, verb);
    if (m === "POST" && verb === "cancel") return cancel(core, call, target);
  }
  throw new GraphError(400, "BadRequest", `Resource not found for the segment '${action}'.`);
}

/** Optimistic concurrency: Exchange refuses a write whose etag no longer matches the item's changeKey. */
function checkIfMatch(call: Call, t: Target): void {
  const want = call.req.headers["if-match"];
  if (!want || want.trim() === "*") return;
  const exception = t.occurrence ? t.ev.exceptions[t.occurrence] : undefined;
  const current = exception ? exception.changeKey : t.ev.changeKey;
  const given = want.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
  if (given !== current) {
    throw new GraphError(
      412,
      "ErrorIrresolvableConflict",
      "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
    );
  }
}

function methodNotAllowed(): GraphError {
  return new GraphError(405, "ErrorInvalidRequest", "The OData request is not supported.");
}

function calendarJson(user: DirectoryUser) {
  return {
    id: calendarId(user.id),
    name: "Calendar",
    color: "auto",
    hexColor: "",
    isDefaultCalendar: true,
    changeKey: "AAAAAA==",
    canShare: true,
    canViewPrivateItems: true,
    canEdit: true,
    allowedOnlineMeetingProviders: ["teamsForBusiness"],
    defaultOnlineMeetingProvider: "teamsForBusiness",
    isTallyingResponses: true,
    isRemovable: false,
    owner: { name: user.displayName, address: user.mail },
  };
}

interface Target {
  ev: StoredEvent;
  occurrence?: string;
}

function lookup(core: Core, user: DirectoryUser, id: string): Target {
  const p = parseId(id);
  if (!p || p.mailboxId !== user.id) throw notFound();
  const ev = core.store.get(user.id, p.key);
  if (!ev) throw notFound();
  if (p.occurrence) core.store.requireOccurrence(ev, p.occurrence);
  return { ev, occurrence: p.occurrence };
}

function renderItem(call: Call, q: EventQuery, item: { ev: StoredEvent; occ?: ViewItem["occ"] }) {
  return renderEvent(
    item.ev,
    { prefer: call.prefer, select: q.select, expandProps: q.expandProps, expandExceptions: q.expandExceptions },
    item.occ,
  );
}

/** Applies $filter/$orderby/$top/$skip and builds the page with @odata.nextLink. */
function page(
  call: Call,
  user: DirectoryUser,
  q: EventQuery,
  items: { ev: StoredEvent; occ?: ViewItem["occ"] }[],
  ctxPath: string,
): SandboxResponse {
  let list = items;
  if (q.filter) {
    const f = q.filter;
    list = list.filter((it) =>
      f(renderEvent(it.ev, { prefer: { immutableId: false } }, it.occ), it.ev.extendedProperties),
    );
  }
  if (q.orderBy) {
    const field = q.orderBy.field.toLowerCase();
    const key = (it: (typeof list)[number]) => {
      if (field.startsWith("start")) return it.occ?.startUtc ?? it.ev.start.utc;
      if (field.startsWith("end")) return it.occ?.endUtc ?? it.ev.end.utc;
      if (field === "subject") return it.ev.subject;
      if (field === "lastmodifieddatetime") return it.ev.lastModifiedDateTime;
      if (field === "createddatetime") return it.ev.createdDateTime;
      throw new GraphError(400, "ErrorInvalidProperty", `The property '${q.orderBy!.field}' does not support sorting.`);
    };
    list = [...list].sort((a, b) => key(a).localeCompare(key(b)) * (q.orderBy!.desc ? -1 : 1));
  }
  const size = q.top ?? call.prefer.maxPageSize ?? DEFAULT_PAGE;
  const slice = list.slice(q.skip, q.skip + size);
  const body: Record<string, unknown> = {
    "@odata.context": `${call.base}/$metadata#${userPath(user)}/${ctxPath}`,
    value: slice.map((it) => renderItem(call, q, it)),
  };
  if (q.skip + size < list.length && size > 0) {
    const next = new URL(call.req.url.toString());
    next.searchParams.set("$top", String(size));
    next.searchParams.set("$skip", String(q.skip + size));
    body["@odata.nextLink"] = `${call.base}${next.pathname.replace(/^\/v1\.0/i, "")}${next.search}`;
  }
  return jsonResponse(call.req, 200, body, preferenceApplied(call.prefer));
}

function listEvents(core: Core, call: Call, user: DirectoryUser): SandboxResponse {
  const q = parseEventQuery(call.req.url);
  const items = core.store
    .list(user.id)
    .sort((a, b) => a.createdDateTime.localeCompare(b.createdDateTime))
    .map((ev) => ({ ev }));
  return page(call, user, q, items, "events");
}

function listView(core: Core, call: Call, user: DirectoryUser): SandboxResponse {
  const q = parseEventQuery(call.req.url);
  const from = parseQueryInstant(
    call.req.url.searchParams.get("startDateTime") ?? call.req.url.searchParams.get("startdatetime"),
    "startDateTime",
  );
  const to = parseQueryInstant(
    call.req.url.searchParams.get("endDateTime") ?? call.req.url.searchParams.get("enddatetime"),
    "endDateTime",
  );
  return page(call, user, q, calendarView(core.store, user.id, from, to), "calendarView");
}

function listInstances(core: Core, call: Call, user: DirectoryUser, t: Target): SandboxResponse {
  if (t.occurrence || !t.ev.recurrence) return page(call, user, parseEventQuery(call.req.url), [], "events");
  const q = parseEventQuery(call.req.url);
  const from = parseQueryInstant(call.req.url.searchParams.get("startDateTime"), "startDateTime");
  const to = parseQueryInstant(call.req.url.searchParams.get("endDateTime"), "endDateTime");
  const items = calendarView(core.store, user.id, from, to).filter((i) => i.ev === t.ev);
  return page(call, user, q, items, `events('${encodeURIComponent(t.ev.key)}')/instances`);
}

function one(call: Call, user: DirectoryUser, t: Target, status: number): SandboxResponse {
  const q = parseEventQuery(call.req.url);
  const occ = t.occurrence ? instanceAt(t.ev, t.occurrence) : undefined;
  if (t.occurrence && !occ) throw notFound();
  const body = {
    "@odata.context": `${call.base}/$metadata#${userPath(user)}/events/$entity`,
    ...renderItem(call, q, { ev: t.ev, occ }),
  };
  return jsonResponse(call.req, status, body, preferenceApplied(call.prefer));
}

function getEvent(_core: Core, call: Call, user: DirectoryUser, t: Target): SandboxResponse {
  return one(call, user, t, 200);
}

function createEvent(core: Core, call: Call, user: DirectoryUser): SandboxResponse {
  const input = parseJsonBody(call.req);
  // transactionId makes create idempotent: a retried POST returns the event the first one made.
  if (typeof input.transactionId === "string" && input.transactionId) {
    const existing = core.store.findByTransactionId(user.id, input.transactionId);
    if (existing) return one(call, user, { ev: existing }, 201);
  }
  const ev = core.store.create(mailboxOf(user), input);
  core.changed();
  return one(call, user, { ev }, 201);
}

function patchEvent(core: Core, call: Call, user: DirectoryUser, t: Target): SandboxResponse {
  const input = parseJsonBody(call.req);
  if (t.occurrence) core.store.patchOccurrence(t.ev, t.occurrence, input);
  else core.store.patch(t.ev, input);
  core.changed();
  return one(call, user, t, 200);
}

function deleteTarget(core: Core, t: Target): void {
  if (t.occurrence) core.store.cancelOccurrence(t.ev, t.occurrence);
  else core.store.delete(t.ev);
  core.changed();
}

function respond(core: Core, call: Call, t: Target, action: string): SandboxResponse {
  const input = parseJsonBody(call.req);
  if (
    !t.ev.copyOf &&
    t.ev.organizer.emailAddress.address.toLowerCase() ===
      core.ctx.directory.findUser(t.ev.mailboxId)?.mail.toLowerCase()
  ) {
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "Your request can't be completed. You can't respond to this meeting because you're the meeting organizer.",
    );
  }
  const response = action === "accept" ? "accepted" : action === "decline" ? "declined" : "tentativelyAccepted";
  if (input.comment !== undefined && typeof input.comment !== "string")
    throw new GraphError(400, "ErrorInvalidRequest", "The value of the property 'comment' is invalid.");
  core.store.respond(t.ev, response, t.occurrence, input.comment);
  core.changed();
  return jsonResponse(call.req, 202, undefined);
}

function cancel(core: Core, call: Call, t: Target): SandboxResponse {
  parseJsonBody(call.req);
  if (t.ev.copyOf)
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "Your request can't be completed. You need to be an organizer to cancel a meeting.",
    );
  deleteTarget(core, t);
  return jsonResponse(call.req, 202, undefined);
}

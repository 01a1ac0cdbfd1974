// calendarView/delta: full round, then changes only, via opaque skip/delta tokens; deletions as @removed
// (https://learn.microsoft.com/graph/delta-query-events). Expired tokens answer 410 SyncStateNotFound.
// Like Exchange: only occurrences, exceptions and single instances, never series masters (user-list-calendarview:
// "expanded occurrences and exceptions"), and every token carries the first request's startDateTime /
// endDateTime: a delta link keeps that window forever, and an item that leaves it is reported @removed.
import type { DirectoryUser, SandboxResponse } from "@/lib/sandbox/contracts";
import { instancesOf, type ViewItem } from "./calendar-view";
import type { Call, Core } from "./core";
import { eventId, renderEvent } from "./event-json";
import { b64url, GraphError, jsonResponse, preferenceApplied } from "./http";
import { parseQueryInstant } from "./time-zones";

interface Token {
  m: string;
  s: number;
  e: number;
  q: number;
  n: number;
  g: number;
  o?: number;
}

const DEFAULT_PAGE = 10;

function encode(t: Token): string {
  return b64url.encode(JSON.stringify(t));
}

function decode(core: Core, raw: string, user: DirectoryUser): Token {
  let t: Token;
  try {
    t = JSON.parse(b64url.decode(raw)) as Token;
  } catch {
    throw new GraphError(
      400,
      "ErrorInvalidUrlQuery",
      "The value of the $deltatoken or $skiptoken query parameter is invalid.",
    );
  }
  if (typeof t?.m !== "string" || t.m !== user.id)
    throw new GraphError(
      400,
      "ErrorInvalidUrlQuery",
      "The value of the $deltatoken or $skiptoken query parameter is invalid.",
    );
  if (t.g !== core.state.deltaGeneration) {
    // What Exchange answers when the sync state is gone: start over with a full sync.
    throw new GraphError(
      410,
      "SyncStateNotFound",
      `The sync state generation is not found; generation=${t.g};[highest=${core.state.deltaGeneration}].`,
    );
  }
  return t;
}

type Entry = { kind: "item"; item: ViewItem } | { kind: "removed"; id: string };

function changes(core: Core, call: Call, t: Token): Entry[] {
  const imm = call.prefer.immutableId;
  const out: Entry[] = [];
  const mb = core.store.mailbox(t.m);
  const events = Object.values(mb.events);
  if (t.q === 0) {
    for (const ev of events) for (const i of instancesOf(ev, t.s, t.e)) out.push({ kind: "item", item: i });
  } else {
    for (const ev of events) {
      if (ev.seq <= t.q) continue;
      const inst = instancesOf(ev, t.s, t.e, true);
      if (inst.length === 0 && !ev.recurrence) out.push({ kind: "removed", id: eventId(ev, imm) });
      for (const i of inst)
        out.push(i.cancelled ? { kind: "removed", id: eventId(ev, imm, i.occ!.original) } : { kind: "item", item: i });
      // An occurrence moved out of the link's window is gone from that window's view: @removed, like a single event.
      if (ev.recurrence) {
        const shown = new Set(inst.map((i) => i.occ!.original));
        for (const original of Object.keys(ev.exceptions)) {
          const o = Date.parse(original);
          if (!shown.has(original) && o >= t.s && o < t.e)
            out.push({ kind: "removed", id: eventId(ev, imm, original) });
        }
      }
    }
    for (const tomb of mb.tombstones) {
      if (tomb.seq <= t.q) continue;
      const inst = instancesOf(tomb.event, t.s, t.e);
      if (inst.length === 0 && !tomb.event.recurrence) out.push({ kind: "removed", id: eventId(tomb.event, imm) });
      for (const i of inst) out.push({ kind: "removed", id: eventId(tomb.event, imm, i.occ?.original) });
    }
  }
  return out;
}

export function handleDelta(core: Core, call: Call, user: DirectoryUser): SandboxResponse {
  const sp = call.req.url.searchParams;
  for (const bad of ["$select", "$filter", "$orderby", "$expand", "$search"]) {
    if (sp.has(bad))
      throw new GraphError(
        400,
        "ErrorInvalidUrlQuery",
        `The following parameters are not supported with change tracking over the 'CalendarView' resource: '${bad}'.`,
      );
  }
  const raw = sp.get("$skiptoken") ?? sp.get("$deltatoken") ?? sp.get("$skipToken") ?? sp.get("$deltaToken");
  let t: Token;
  if (raw) {
    t = decode(core, raw, user);
    if (sp.has("$deltatoken") || sp.has("$deltaToken")) t = { ...t, n: core.state.seq, o: 0 };
  } else {
    const s = parseQueryInstant(sp.get("startDateTime") ?? sp.get("startdatetime"), "startDateTime");
    const e = parseQueryInstant(sp.get("endDateTime") ?? sp.get("enddatetime"), "endDateTime");
    t = { m: user.id, s, e, q: 0, n: core.state.seq, g: core.state.deltaGeneration, o: 0 };
  }
  const all = changes(core, call, t);
  const size = call.prefer.maxPageSize ?? DEFAULT_PAGE;
  const offset = t.o ?? 0;
  const slice = all.slice(offset, offset + size);
  const path = call.req.url.pathname.replace(/^\/v1\.0/i, "");
  const body: Record<string, unknown> = {
    "@odata.context": `${call.base}/$metadata#Collection(event)`,
    value: slice.map((x) =>
      x.kind === "removed"
        ? { "@odata.type": "#microsoft.graph.event", id: x.id, "@removed": { reason: "deleted" } }
        : { "@odata.type": "#microsoft.graph.event", ...renderEvent(x.item.ev, { prefer: call.prefer }, x.item.occ) },
    ),
  };
  if (offset + size < all.length)
    body["@odata.nextLink"] = `${call.base}${path}?$skiptoken=${encode({ ...t, o: offset + size })}`;
  else
    body["@odata.deltaLink"] =
      `${call.base}${path}?$deltatoken=${encode({ m: t.m, s: t.s, e: t.e, q: t.n, n: t.n, g: t.g })}`;
  const applied = preferenceApplied(call.prefer, { pageSize: true });
  const pa = ["odata.track-changes", applied["preference-applied"]].filter(Boolean).join(", ");
  return jsonResponse(call.req, 200, body, { "preference-applied": pa });
}

// Renders stored events, series masters and occurrences as the JSON Graph v1.0 returns
// (https://learn.microsoft.com/graph/api/resources/event), honouring $select, $expand and Prefer.
import { InvariantError } from "@/lib/invariant";
import type { Prefer } from "./http";
import { formatId, type StoredEvent } from "./model";
import { instanceAt } from "./calendar-view";
import { seriesZone, type Instance } from "./recurrence";
import { formatAllDay, formatDateTimeTimeZone, toWindows } from "./time-zones";

export interface RenderOpts {
  prefer: Prefer;
  select?: string[];
  /** $expand=singleValueExtendedProperties($filter=id eq '...'): which ids to include; undefined = no expand. */
  expandProps?: (id: string) => boolean;
  /** $expand=exceptionOccurrences on a series master (a navigation property in v1.0, never inline). */
  expandExceptions?: boolean;
}

function preview(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 255);
}

/** Prefer: outlook.body-content-type converts the body on the way out. */
function bodyAs(body: { contentType: string; content: string }, want?: "text" | "html") {
  if (!want || want === body.contentType) return { contentType: body.contentType, content: body.content };
  if (want === "text")
    return {
      contentType: "text",
      content: preview(body.content).length
        ? body.content
            .replace(/<br\s*\/?>/gi, "\n")
            .replace(/<[^>]+>/g, "")
            .replace(/&nbsp;/g, " ")
            .trim()
        : "",
    };
  const escaped = body.content
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\n/g, "<br>");
  return {
    contentType: "html",
    content: `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${escaped}</body></html>`,
  };
}

/**
 * An occurrence's own iCalUId: Exchange's global object id carries the instance's original date in
 * bytes 16-19 (year high, year low, month, day; zero on the master) - [MS-OXOCAL] 2.2.1.27
 * PidLidGlobalObjectId. Dates are taken in UTC. Ids not in that shape get the date appended.
 */
export function occurrenceICalUId(ev: StoredEvent, original: string): string {
  const [y, m, d] = original.slice(0, 10).split("-").map(Number);
  // `original` is an occurrence's original start, always YYYY-MM-DD... (recurrence.ts).
  if (y === undefined || m === undefined || d === undefined)
    throw new InvariantError(`occurrence key is not a date: ${original}`);
  const date = (
    y.toString(16).padStart(4, "0") +
    m.toString(16).padStart(2, "0") +
    d.toString(16).padStart(2, "0")
  ).toUpperCase();
  const uid = ev.iCalUId;
  if (/^040000008200E00074C5B7101A82E008[0-9A-F]{8}/i.test(uid)) return uid.slice(0, 32) + date + uid.slice(40);
  return `${uid}-${date}`;
}

export function eventId(ev: StoredEvent, immutable: boolean, occurrence?: string): string {
  return formatId({ mailboxId: ev.mailboxId, key: ev.key, occurrence }, immutable);
}

export function renderEvent(ev: StoredEvent, opts: RenderOpts, occ?: Instance): Record<string, unknown> {
  const immutable = opts.prefer.immutableId;
  const tz = opts.prefer.timeZone;
  const o = occ?.exception ?? {};
  const id = eventId(ev, immutable, occ?.original);
  const masterId = eventId(ev, immutable);
  const exception = occ ? ev.exceptions[occ.original] : undefined;
  const changeKey = exception ? exception.changeKey : ev.changeKey;
  const type = occ ? (occ.exception ? "exception" : "occurrence") : ev.recurrence ? "seriesMaster" : "singleInstance";
  const body = o.body ?? ev.body;
  const location = o.location ?? ev.location;
  const out: Record<string, unknown> = {
    "@odata.etag": `W/"${changeKey}"`,
    id,
    createdDateTime: ev.createdDateTime,
    lastModifiedDateTime: exception ? exception.lastModifiedDateTime : ev.lastModifiedDateTime,
    changeKey,
    categories: ev.categories,
    transactionId: ev.transactionId ?? null,
    originalStartTimeZone: toWindows(ev.start.tz),
    originalEndTimeZone: toWindows(ev.end.tz),
    iCalUId: occ ? occurrenceICalUId(ev, occ.original) : ev.iCalUId,
    reminderMinutesBeforeStart: ev.reminderMinutesBeforeStart,
    isReminderOn: ev.isReminderOn,
    hasAttachments: false,
    subject: o.subject ?? ev.subject,
    bodyPreview: preview(body.content),
    importance: ev.importance,
    sensitivity: ev.sensitivity,
    isAllDay: o.isAllDay ?? ev.isAllDay,
    isCancelled: o.isCancelled ?? ev.isCancelled,
    isOrganizer: !ev.copyOf,
    responseRequested: ev.responseRequested,
    seriesMasterId: occ ? masterId : null,
    showAs: o.showAs ?? ev.showAs,
    type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: ev.isOnlineMeeting,
    onlineMeetingProvider: ev.onlineMeetingProvider,
    allowNewTimeProposals: ev.allowNewTimeProposals,
    isDraft: false,
    hideAttendees: false,
    responseStatus: o.responseStatus ?? ev.responseStatus,
    body: bodyAs(body, opts.prefer.bodyContentType),
    ...times(ev, occ, tz),
    location: {
      displayName: location.displayName,
      locationType: location.locationType,
      uniqueIdType: location.uniqueIdType ?? "unknown",
      ...(location.uniqueId ? { uniqueId: location.uniqueId } : {}),
      ...(location.locationEmailAddress ? { locationEmailAddress: location.locationEmailAddress } : {}),
    },
    locations: o.locations ?? ev.locations,
    recurrence: occ ? null : ev.recurrence,
    attendees: o.attendees ?? ev.attendees,
    organizer: ev.organizer,
    onlineMeeting: ev.joinUrl ? { joinUrl: ev.joinUrl } : null,
  };
  if (occ) out.originalStart = occ.original.replace(".000Z", "Z");
  // cancelledOccurrences is a v1.0 property "returned only on $select" (event resource doc); its values
  // are the cancelled instances' occurrence ids. exceptionOccurrences is a navigation property (events),
  // present only with $expand. https://learn.microsoft.com/graph/api/resources/event#properties
  if (type === "seriesMaster" && opts.select?.some((s) => s.trim().toLowerCase() === "cancelledoccurrences")) {
    out.cancelledOccurrences = ev.cancelled.map((c) => `OID.${masterId}.${c.slice(0, 10)}`);
  }
  if (opts.expandExceptions && type === "seriesMaster") {
    out.exceptionOccurrences = Object.keys(ev.exceptions)
      .map((original) => instanceAt(ev, original))
      .filter((i): i is Instance => !!i && !!i.exception)
      .map((i) => renderEvent(ev, { prefer: opts.prefer }, i));
  }
  if (opts.expandProps) {
    const props = ev.extendedProperties.filter((p) => opts.expandProps!(p.id));
    if (props.length > 0) out.singleValueExtendedProperties = props.map((p) => ({ id: p.id, value: p.value }));
  }
  return applySelect(out, opts.select);
}

function times(ev: StoredEvent, occ: Instance | undefined, tz: string | undefined) {
  const startUtc = occ?.startUtc ?? ev.start.utc;
  const endUtc = occ?.endUtc ?? ev.end.utc;
  if (!(occ?.exception?.isAllDay ?? ev.isAllDay))
    return { start: formatDateTimeTimeZone(startUtc, tz), end: formatDateTimeTimeZone(endUtc, tz) };
  // All-day: the dates are those of the event's own zone (an occurrence's: the series' zone).
  const own = occ?.exception?.start?.tz ?? (occ ? seriesZone(ev) : ev.start.tz);
  return { start: formatAllDay(startUtc, own, tz), end: formatAllDay(endUtc, own, tz) };
}

/** $select keeps the named properties; Graph always returns id and @odata.etag. */
export function applySelect(obj: Record<string, unknown>, select?: string[]): Record<string, unknown> {
  if (!select || select.length === 0) return obj;
  const want = new Set(select.map((s) => s.trim().toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (
      k === "id" ||
      k === "@odata.etag" ||
      k === "singleValueExtendedProperties" ||
      k === "exceptionOccurrences" ||
      want.has(k.toLowerCase())
    )
      out[k] = v;
  }
  return out;
}

// Reading an event from a request body the way Graph's OData reader and Exchange do: the all-day and
// end-after-start rules, enum members, attendees, locations and singleValueExtendedProperties.
// Refusals are the GraphErrors Graph answers; nothing here touches the store (applyExtendedProperties
// writes only to the event it is handed).
import { GraphError } from "./http";
import type { Attendee, Location, StoredEvent } from "./model";
import { isMidnight } from "./time-zones";

/** Graph's "never" (an attendee's status time before any answer, the organizer's responseStatus). */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/**
 * isAllDay: "If true, regardless of whether it's a single-day or multi-day event, start and end time must
 * be set to midnight and be in the same time zone" (https://learn.microsoft.com/graph/api/resources/event),
 * and last at least a day (Outlook REST: "The duration of an event marked as All day must be at least 24
 * hours."). Graph answers 400; the message text here is ours (Graph's exact wording is not documented).
 */
export function checkAllDay(
  isAllDay: boolean,
  start: { utc: string; tz: string },
  end: { utc: string; tz: string },
): void {
  if (!isAllDay) return;
  if (start.tz !== end.tz || !isMidnight(start.utc, start.tz) || !isMidnight(end.utc, end.tz)) {
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "Your request can't be completed. An all-day event (isAllDay true) must start and end at midnight, with start and end in the same time zone.",
    );
  }
  if (Date.parse(end.utc) - Date.parse(start.utc) < 23 * 3_600_000) {
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "Your request can't be completed. The duration of an event marked as All day must be at least 24 hours.",
    );
  }
}

/** Graph refuses an event that ends before it starts (on create, and after a PATCH is applied). */
export function checkEndNotBeforeStart(start: { utc: string }, end: { utc: string }): void {
  if (Date.parse(end.utc) < Date.parse(start.utc))
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "Your request can't be completed. The end time must be on or after the start time.",
    );
}

/** v1.0 enum members (schema/v1.0-extract.json: sensitivity, freeBusyStatus, importance). */
const ENUMS = {
  sensitivity: ["normal", "personal", "private", "confidential"],
  showAs: ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"],
  importance: ["low", "normal", "high"],
} as const;

/** An extended property's value (Edm.String) as stored: scalars as text, absent as "". An object is no value: 400. */
function extendedPropertyValue(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
  throw new GraphError(
    400,
    "ErrorInvalidRequest",
    "The value of the property 'singleValueExtendedProperties' is invalid.",
  );
}

/** An enum property from a request body; Graph's OData reader refuses a value that is not a member. */
export function enumValue(
  input: Record<string, unknown>,
  key: keyof typeof ENUMS,
  fallback?: string,
): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) return fallback;
  const hit = typeof v === "string" ? ENUMS[key].find((m) => m.toLowerCase() === v.toLowerCase()) : undefined;
  if (!hit)
    throw new GraphError(
      400,
      "RequestBodyRead",
      `Requested value '${typeof v === "string" ? v : JSON.stringify(v)}' was not found.`,
    );
  return hit;
}

/** A string field as is; anything else (absent, a number, an object) gives the fallback. */
export function str(v: unknown, fallback = ""): string {
  return typeof v === "string" ? v : fallback;
}

export function parseAttendees(v: unknown): Attendee[] {
  if (!Array.isArray(v))
    throw new GraphError(400, "ErrorInvalidRequest", "The value of the property 'attendees' is invalid.");
  return v.map((a) => {
    const x = a as {
      type?: string;
      emailAddress?: { name?: string; address?: string };
      status?: { response?: string; time?: string };
    };
    const address = str(x.emailAddress?.address);
    if (!address)
      throw new GraphError(
        400,
        "ErrorInvalidRecipients",
        "At least one recipient isn't valid., A message can't be sent because it contains no recipients.",
      );
    const type = x.type === "optional" || x.type === "resource" ? x.type : "required";
    return {
      type,
      emailAddress: { name: str(x.emailAddress?.name, address), address },
      status: { response: "none", time: ZERO_TIME },
    };
  });
}

export function parseLocation(v: unknown): Location {
  const x = (v ?? {}) as Record<string, unknown>;
  const loc: Location = { displayName: str(x.displayName), locationType: str(x.locationType, "default") };
  if (typeof x.locationEmailAddress === "string") loc.locationEmailAddress = x.locationEmailAddress;
  if (loc.displayName) {
    loc.uniqueId = str(x.uniqueId, loc.displayName);
    loc.uniqueIdType = str(x.uniqueIdType, "private");
  }
  return loc;
}

/** singleValueExtendedProperties from a body: each id checked, values set (an existing id is overwritten). */
export function applyExtendedProperties(ev: StoredEvent, v: unknown): void {
  if (v === undefined) return;
  if (!Array.isArray(v))
    throw new GraphError(
      400,
      "ErrorInvalidRequest",
      "The value of the property 'singleValueExtendedProperties' is invalid.",
    );
  for (const p of v as { id?: unknown; value?: unknown }[]) {
    const id = p.id;
    if (
      typeof id !== "string" ||
      !/^(String|Integer|Boolean|SystemTime|Guid|Double|Long|Binary)\s+(\{[0-9a-f-]{36}\}\s+(Name|Id)\s+\S+|0x[0-9a-f]{4})/i.test(
        id,
      )
    ) {
      throw new GraphError(400, "ErrorInvalidProperty", "The property id is invalid.");
    }
    const value = extendedPropertyValue(p.value);
    const existing = ev.extendedProperties.find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (existing) existing.value = value;
    else ev.extendedProperties.push({ id, value });
  }
}

// Graph's event shapes as Roomlink reads them, in one place. Each is the part of Graph's published v1.0
// type (@microsoft/microsoft-graph-types) that we $select, narrowed to what Exchange really sends; the
// checks at the bottom fail the type check if a field here is not a property of Graph's own type.
import type * as MsGraph from "@microsoft/microsoft-graph-types";

export interface GraphDateTime {
  dateTime: string;
  timeZone?: string;
}

export interface GraphAttendee {
  type?: string;
  emailAddress?: { address?: string; name?: string };
  status?: { response?: string };
}

export interface GraphRecurrence {
  pattern: {
    type: string;
    interval?: number;
    month?: number;
    daysOfWeek?: string[];
    dayOfMonth?: number;
    index?: string;
  };
  range: {
    type: string;
    startDate?: string;
    endDate?: string;
    numberOfOccurrences?: number;
    recurrenceTimeZone?: string;
  };
}

/** The event fields we ask Graph for: nothing else is fetched, so nothing else can be stored. */
export const EVENT_SELECT = [
  "id",
  "subject",
  "start",
  "end",
  "organizer",
  "attendees",
  "isCancelled",
  "changeKey",
  "iCalUId",
  "seriesMasterId",
  "type",
  "onlineMeeting",
  "responseStatus",
  "lastModifiedDateTime",
  "recurrence",
  "isAllDay",
  "sensitivity",
  "originalStartTimeZone",
].join(",");

export interface GraphEvent {
  id: string;
  subject?: string | null;
  start: GraphDateTime;
  end: GraphDateTime;
  organizer?: { emailAddress?: { address?: string; name?: string } };
  attendees?: GraphAttendee[];
  isCancelled?: boolean;
  isAllDay?: boolean;
  /** https://learn.microsoft.com/graph/api/resources/event: normal, personal, private, confidential. */
  sensitivity?: string | null;
  /** The zone the organizer created the event in (a Windows or IANA name). */
  originalStartTimeZone?: string | null;
  changeKey?: string;
  iCalUId?: string;
  seriesMasterId?: string | null;
  type?: "singleInstance" | "occurrence" | "exception" | "seriesMaster";
  onlineMeeting?: { joinUrl?: string } | null;
  lastModifiedDateTime?: string;
  singleValueExtendedProperties?: { id: string; value: string }[];
  recurrence?: GraphRecurrence | null;
  /** The mailbox owner's answer: "organizer" when the room's own calendar holds an event it organizes. */
  responseStatus?: { response?: string } | null;
}

// Every field above is one of Graph's own (a misspelt or invented field fails here).
type KeysOf<Ours, Theirs> = Exclude<keyof Ours, keyof Theirs>;
type MustBeNever<T extends never> = T;
export type GraphShapeChecks = [
  MustBeNever<KeysOf<GraphEvent, MsGraph.Event>>,
  MustBeNever<KeysOf<GraphDateTime, MsGraph.DateTimeTimeZone>>,
  MustBeNever<KeysOf<GraphAttendee, MsGraph.Attendee>>,
  MustBeNever<KeysOf<GraphRecurrence, MsGraph.PatternedRecurrence>>,
  MustBeNever<KeysOf<GraphRecurrence["pattern"], MsGraph.RecurrencePattern>>,
  MustBeNever<KeysOf<GraphRecurrence["range"], MsGraph.RecurrenceRange>>,
];

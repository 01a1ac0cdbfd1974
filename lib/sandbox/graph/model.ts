// The Graph half's stored state: events per mailbox (with series exceptions), tombstones for delta,
// subscriptions, and the id scheme that turns (mailbox, item) into Graph-looking event ids.
import { b64url } from "./http";

export interface EmailAddress {
  name: string;
  address: string;
}
export interface Attendee {
  type: "required" | "optional" | "resource";
  emailAddress: EmailAddress;
  status: { response: string; time: string };
}
export interface Location {
  displayName: string;
  locationType: string;
  uniqueId?: string;
  uniqueIdType?: string;
  locationEmailAddress?: string;
}
export interface Recurrence {
  pattern: {
    type: "daily" | "weekly" | "absoluteMonthly" | "relativeMonthly" | "absoluteYearly" | "relativeYearly";
    interval: number;
    month: number;
    dayOfMonth: number;
    daysOfWeek: string[];
    firstDayOfWeek: string;
    index: "first" | "second" | "third" | "fourth" | "last";
  };
  range: {
    type: "endDate" | "noEnd" | "numbered";
    startDate: string;
    endDate: string;
    recurrenceTimeZone: string;
    numberOfOccurrences: number;
  };
}
export interface Instant {
  utc: string;
  tz: string;
}
export interface ExtendedProperty {
  id: string;
  value: string;
}

/** Fields an occurrence may override (PATCH on an occurrence makes it an exception). */
export interface Overrides {
  subject?: string;
  body?: { contentType: string; content: string };
  start?: Instant;
  end?: Instant;
  location?: Location;
  locations?: Location[];
  attendees?: Attendee[];
  showAs?: string;
  isAllDay?: boolean;
  /** A room copy's occurrence the organizer cancelled, kept (RemoveCanceledMeetings $false). */
  isCancelled?: boolean;
  responseStatus?: { response: string; time: string };
}
export interface SeriesException {
  changeKey: string;
  lastModifiedDateTime: string;
  overrides: Overrides;
}

/** The mailbox that owns a new event (its organizer): what create() needs of a directory user. */
export interface Mailbox {
  id: string;
  displayName: string;
  mail: string;
}

export interface StoredEvent {
  key: string;
  mailboxId: string;
  iCalUId: string;
  changeKey: string;
  seq: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  subject: string;
  body: { contentType: string; content: string };
  start: Instant;
  end: Instant;
  isAllDay: boolean;
  showAs: string;
  importance: string;
  sensitivity: string;
  categories: string[];
  recurrence: Recurrence | null;
  /** Keyed by the occurrence's original start (UTC ISO). */
  exceptions: Record<string, SeriesException>;
  /** Original starts (UTC ISO) of deleted occurrences. */
  cancelled: string[];
  organizer: { emailAddress: EmailAddress };
  attendees: Attendee[];
  location: Location;
  locations: Location[];
  isCancelled: boolean;
  responseStatus: { response: string; time: string };
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  joinUrl?: string;
  transactionId?: string;
  extendedProperties: ExtendedProperty[];
  isReminderOn: boolean;
  reminderMinutesBeforeStart: number;
  responseRequested: boolean;
  allowNewTimeProposals: boolean;
  /** Room copies: the organizer's event this mirrors (Exchange's resource-mailbox processing). */
  copyOf?: { mailboxId: string; key: string };
  /**
   * Organizer events: the answers invitees sent with a comment (accept / tentativelyAccept / decline
   * `comment`). Exchange mails these to the organizer as meeting responses; Graph's attendee status has
   * no comment, so this is never rendered as event JSON, only in the sandbox's Outlook pages.
   */
  responseMessages?: ResponseMessage[];
  /** Organizer events: invited room or person (mailbox id) -> key of their copy (so updates need not scan every mailbox). */
  roomCopies?: Record<string, string>;
}

export interface ResponseMessage {
  mailboxId: string;
  response: string;
  comment: string;
  time: string;
  occurrence?: string;
}

export interface Tombstone {
  seq: number;
  event: StoredEvent;
}
export interface MailboxState {
  events: Record<string, StoredEvent>;
  tombstones: Tombstone[];
}

export interface Subscription {
  id: string;
  resource: string;
  mailboxId: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  applicationId: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
  immutableIds: boolean;
  reauthNotifiedAt?: string;
}

export interface GraphState {
  seq: number;
  deltaGeneration: number;
  mailboxes: Record<string, MailboxState>;
  subscriptions: Record<string, Subscription>;
}

export function emptyState(): GraphState {
  return { seq: 0, deltaGeneration: 1, mailboxes: {}, subscriptions: {} };
}

/**
 * Id scheme (documented in FIDELITY.md): ids encode (mailbox, item key[, occurrence original start]).
 * Default ids start "AAMkAG" like EWS-style Outlook ids, immutable ids "AAkALg" like Graph's
 * immutable ids. The sandbox never moves items between folders, so neither form ever changes; both
 * are accepted on input.
 */
const REGULAR = "AAMkAG";
const IMMUTABLE = "AAkALg";

export interface ParsedId {
  mailboxId: string;
  key: string;
  occurrence?: string;
}

export function formatId(p: ParsedId, immutable: boolean): string {
  const raw = [p.mailboxId, p.key, p.occurrence].filter(Boolean).join("|");
  return (immutable ? IMMUTABLE : REGULAR) + b64url.encode(raw);
}

export function parseId(id: string): ParsedId | undefined {
  if (id.length < 8 || (!id.startsWith(REGULAR) && !id.startsWith(IMMUTABLE))) return undefined;
  try {
    const parts = b64url.decode(id.slice(6)).split("|");
    const [mailboxId, key, occurrence] = parts;
    if (mailboxId === undefined || key === undefined || parts.length > 3) return undefined;
    return { mailboxId, key, occurrence };
  } catch {
    return undefined;
  }
}

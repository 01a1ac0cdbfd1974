// The booking core's one expected-failure type: a list of issues, each with a message code, the
// form field it belongs to, params, and the rendered English + Dutch text. Anything else is a bug.
import { renderMessage, type Locale, type MessageCode, type MessageParams } from "./messages";

/** Form field names of booking.schema.ts, plus "version" (stale edit) and "form" (no one field). */
export type BookingField =
  | "roomId"
  | "date"
  | "startTime"
  | "endTime"
  | "title"
  | "statusId"
  | "customerId"
  | "organizerEmail"
  | "attendeeCount"
  | "notes"
  | "recurrence"
  | "version"
  | "form"
  | (string & {});

export interface BookingIssueInput {
  code: MessageCode;
  field: BookingField;
  params?: MessageParams;
}

export interface BookingIssue extends Required<BookingIssueInput> {
  /** English text. */
  message: string;
  /** Dutch text. */
  messageNl: string;
}

export function toIssue(i: BookingIssueInput): BookingIssue {
  const params = i.params ?? {};
  return {
    code: i.code,
    field: i.field,
    params,
    message: renderMessage(i.code, params, "en"),
    messageNl: renderMessage(i.code, params, "nl"),
  };
}

/** At least one issue: a BookingError always says what was wrong. */
export type BookingIssues = readonly [BookingIssueInput, ...BookingIssueInput[]];

export class BookingError extends Error {
  override name = "BookingError";
  readonly issues: BookingIssue[];
  /** The first issue: most callers only show one. */
  private readonly first: BookingIssue;

  constructor(issues: BookingIssues, options?: { cause?: unknown }) {
    const [head, ...rest] = issues;
    const first = toIssue(head);
    const full = [first, ...rest.map(toIssue)];
    super(full.map((i) => i.message).join("; "), options);
    this.issues = full;
    this.first = first;
  }

  /** The first issue's code / field / params. */
  get code(): MessageCode {
    return this.first.code;
  }
  get field(): BookingField {
    return this.first.field;
  }
  get params(): MessageParams {
    return this.first.params;
  }
  get messageNl(): string {
    return this.issues.map((i) => i.messageNl).join("; ");
  }

  /** For react-hook-form `setError`: the first message per field in the chosen language. */
  fieldErrors(locale: Locale = "en"): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.issues) out[i.field] ??= locale === "nl" ? i.messageNl : i.message;
    return out;
  }

  /** Plain JSON for a server action's return value (Errors do not cross the boundary). */
  toJSON(): { code: MessageCode; message: string; messageNl: string; issues: BookingIssue[] } {
    return { code: this.code, message: this.message, messageNl: this.messageNl, issues: this.issues };
  }
}

export function isBookingError(e: unknown): e is BookingError {
  return e instanceof BookingError;
}

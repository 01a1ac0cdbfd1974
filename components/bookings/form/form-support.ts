// What the booking form's parts share: the form's value type and the error text of a field by its
// dotted name ("recurrence.count"), with the aria attributes that point a control at its message.
import type { FieldErrors } from "react-hook-form";
import type { BookingFormInput } from "@/lib/bookings/booking.schema";

export type { BookingFormInput };

/** The message of the error on `name` (a dotted path into the form's values), if there is one. */
export function errorAt(errors: FieldErrors<BookingFormInput>, name: string): string | undefined {
  let cur: unknown = errors;
  for (const k of name.split(".")) cur = (cur as Record<string, unknown> | undefined)?.[k];
  return (cur as { message?: string } | undefined)?.message;
}

/** aria-invalid and aria-describedby for a control whose Field shows `error` as `${name}-error`. */
export function ariaFor(name: string, error: string | undefined) {
  return {
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${name}-error` : undefined,
  };
}

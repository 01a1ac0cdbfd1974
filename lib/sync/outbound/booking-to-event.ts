// Mapping a booking to the Outlook event Roomlink writes: subject/body from the template, UTC
// times, Teams link on request, customer as attendee, the room (delegated mode: as location and
// resource attendee), and our booking id in an extended property.
import type { Booking, BookingStatus, Customer, Integration, Room, Template } from "@/db/schema";
import { renderTemplate } from "@/lib/bookings/template";

export { BOOKING_PROP_EXPAND, BOOKING_PROP_ID, ourBookingId } from "@/lib/sync/booking-property";
import { BOOKING_PROP_ID } from "@/lib/sync/booking-property";

const utc = (d: Date) => ({ dateTime: d.toISOString().replace("Z", ""), timeZone: "UTC" });

/**
 * Where the event is written. Application mode: straight into the room's own calendar (`room`
 * omitted: the calendar is the room). Delegated mode: into the service account's calendar, so the
 * room travels as the location and, when its mailbox address is known, as a resource attendee —
 * Exchange then books the room's calendar itself and checks its availability.
 */
export interface EventPlacement {
  create: boolean;
  room?: { address: string | null };
}

export function bookingToEvent(
  integration: Integration,
  booking: Booking,
  room: Room,
  template: Template | null,
  customer: Customer | null,
  // The booking's status fills {{status}}, as in the configuration screen's preview.
  opts: EventPlacement & { status: Pick<BookingStatus, "name" | "nameNl"> | null },
): Record<string, unknown> {
  const rendered = template ? renderTemplate(template, booking, room, customer, { status: opts.status }) : null;
  const ev: Record<string, unknown> = {
    subject: rendered?.subject || booking.title,
    start: utc(booking.startAt),
    end: utc(booking.endAt),
    showAs: "busy",
  };
  if (rendered?.body) ev.body = { contentType: "text", content: rendered.body };
  const attendees: Record<string, unknown>[] = [];
  if (integration.useCustomerData && customer) {
    attendees.push({ type: "required", emailAddress: { address: customer.email, name: customer.name } });
  }
  if (opts.room) {
    const address = opts.room.address;
    ev.location = address
      ? { displayName: room.name, locationType: "conferenceRoom", locationEmailAddress: address }
      : { displayName: room.name, locationType: "default" };
    if (address) attendees.push({ type: "resource", emailAddress: { address, name: room.name } });
  }
  // Delegated: always sent, so a room change or a dropped customer replaces the list on update.
  if (attendees.length || opts.room) ev.attendees = attendees;
  if (opts.create) {
    // Graph returns the existing event for a retried POST with the same transactionId.
    ev.transactionId = booking.id;
    ev.singleValueExtendedProperties = [{ id: BOOKING_PROP_ID, value: booking.id }];
    if (integration.createTeamsLink) {
      ev.isOnlineMeeting = true;
      ev.onlineMeetingProvider = "teamsForBusiness";
    }
  }
  return ev;
}

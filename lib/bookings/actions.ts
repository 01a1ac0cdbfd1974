"use server";
// Booking mutations for the form and the edit page: create, update (with series scope),
// cancel and change status. All go through action() (session, admin role, zod, BookingError).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { getLocale } from "@/lib/i18n/server";
import { bookingSchema, formToBookingInput } from "./booking.schema";
import { cancelBooking, changeBookingStatus, createBooking, updateBooking } from "./service";
import { truncationNoteText } from "./truncation";

const scope = z.enum(["single", "following", "all"]).default("single");

function refresh() {
  revalidatePath("/calendar");
  revalidatePath("/bookings");
}

export const createBookingAction = action({ role: "admin", schema: bookingSchema }, async (v, { user }) => {
  const res = await createBooking(formToBookingInput(v), { actor: { id: user.id, name: user.name || user.email } });
  refresh();
  const locale = await getLocale();
  return {
    id: res.bookings[0]?.id ?? null,
    count: res.bookings.length,
    note: res.truncated ? truncationNoteText(res.truncated.note, locale) : null,
  };
});

export const updateBookingAction = action(
  { role: "admin", schema: z.object({ id: z.uuid(), scope, values: bookingSchema }) },
  async ({ id, scope, values: v }, { user }) => {
    const i = formToBookingInput(v);
    const res = await updateBooking(
      {
        id,
        version: v.version,
        scope,
        patch: {
          roomId: i.roomId,
          title: i.title,
          statusId: i.statusId,
          customerId: i.customerId,
          organizerEmail: i.organizerEmail,
          attendeeCount: i.attendeeCount,
          notes: i.notes,
          date: v.date,
          startTime: v.startTime,
          endTime: v.endTime,
        },
      },
      { actor: { id: user.id, name: user.name || user.email } },
    );
    refresh();
    revalidatePath(`/bookings/${id}`);
    return { count: res.bookings.length };
  },
);

const statusArgs = z.object({ id: z.uuid(), version: z.coerce.number().int().optional(), scope });

export const cancelBookingAction = action({ role: "admin", schema: statusArgs }, async (a, { user }) => {
  const res = await cancelBooking(a, { actor: { id: user.id, name: user.name || user.email } });
  refresh();
  revalidatePath(`/bookings/${a.id}`);
  return { count: res.bookings.length };
});

export const changeStatusAction = action(
  { role: "admin", schema: statusArgs.extend({ statusId: z.uuid() }) },
  async (a, { user }) => {
    const res = await changeBookingStatus(a, { actor: { id: user.id, name: user.name || user.email } });
    refresh();
    revalidatePath(`/bookings/${a.id}`);
    return { count: res.bookings.length };
  },
);

"use server";
// Booking status mutations for the admin page (admin role; BookingError -> field errors).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { createStatus, deleteStatus, makeStatusSchema, updateStatus } from "@/lib/bookings/admin";

export const saveStatusAction = action(
  { role: "admin", schema: z.object({ id: z.uuid().nullable(), values: makeStatusSchema("en") }) },
  async ({ id, values }, { user }) => {
    const opts = { actor: { id: user.id, name: user.name || user.email } };
    const s = id ? await updateStatus(id, values, opts) : await createStatus(values, opts);
    revalidatePath("/statuses");
    revalidatePath("/calendar");
    return { id: s.id };
  },
);

export const deleteStatusAction = action(
  { role: "admin", schema: z.object({ id: z.uuid() }) },
  async ({ id }, { user }) => {
    await deleteStatus(id, { actor: { id: user.id, name: user.name || user.email } });
    revalidatePath("/statuses");
    return { id };
  },
);

"use server";
// Customer mutations for the admin page (admin role; BookingError -> field errors).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { createCustomer, deleteCustomer, makeCustomerSchema, updateCustomer } from "@/lib/bookings/admin";

export const saveCustomerAction = action(
  { role: "admin", schema: z.object({ id: z.uuid().nullable(), values: makeCustomerSchema("en") }) },
  async ({ id, values }, { user }) => {
    const opts = { actor: { id: user.id, name: user.name || user.email } };
    const c = id ? await updateCustomer(id, values, opts) : await createCustomer(values, opts);
    revalidatePath("/customers");
    return { id: c.id };
  },
);

export const deleteCustomerAction = action(
  { role: "admin", schema: z.object({ id: z.uuid() }) },
  async ({ id }, { user }) => {
    await deleteCustomer(id, { actor: { id: user.id, name: user.name || user.email } });
    revalidatePath("/customers");
    return { id };
  },
);

"use server";
// Template mutations for the admin page (admin role; BookingError -> field errors).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { createTemplate, deleteTemplate, makeTemplateSchema, updateTemplate } from "@/lib/bookings/admin";

export const saveTemplateAction = action(
  { role: "admin", schema: z.object({ id: z.uuid().nullable(), values: makeTemplateSchema("en") }) },
  async ({ id, values }, { user }) => {
    const opts = { actor: { id: user.id, name: user.name || user.email } };
    const tpl = id ? await updateTemplate(id, values, opts) : await createTemplate(values, opts);
    revalidatePath("/templates");
    return { id: tpl.id };
  },
);

export const deleteTemplateAction = action(
  { role: "admin", schema: z.object({ id: z.uuid() }) },
  async ({ id }, { user }) => {
    await deleteTemplate(id, { actor: { id: user.id, name: user.name || user.email } });
    revalidatePath("/templates");
    return { id };
  },
);

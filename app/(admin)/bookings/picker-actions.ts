"use server";
// The booking list's room and customer pickers search on the server instead of listing every row.
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { searchPickerOptions } from "@/lib/bookings/list";

export const searchPickerAction = action(
  { role: "viewer", schema: z.object({ kind: z.enum(["room", "activeRoom", "customer"]), q: z.string().max(100) }) },
  async ({ kind, q }) => searchPickerOptions(kind, q),
);

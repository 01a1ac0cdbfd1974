"use server";
// Room and policy mutations for the admin pages (admin role; BookingError -> field errors).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { createRoom, makePolicySchema, makeRoomSchema, setRoomPolicy, updateRoom } from "@/lib/bookings/admin";

export const saveRoomAction = action(
  { role: "admin", schema: z.object({ id: z.uuid().nullable(), values: makeRoomSchema("en") }) },
  async ({ id, values }, { user }) => {
    const opts = { actor: { id: user.id, name: user.name || user.email } };
    const room = id ? await updateRoom(id, values, opts) : await createRoom(values, opts);
    revalidatePath("/rooms");
    revalidatePath("/calendar");
    return { id: room.id };
  },
);

export const savePolicyAction = action(
  { role: "admin", schema: z.object({ id: z.uuid(), values: makePolicySchema("en") }) },
  async ({ id, values }, { user }) => {
    await setRoomPolicy(id, values, { actor: { id: user.id, name: user.name || user.email } });
    revalidatePath("/policies");
    return { id };
  },
);

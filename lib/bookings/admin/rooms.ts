// Rooms and their policies for the admin pages: validated create / update (rooms are switched
// off rather than deleted, because bookings and Outlook mappings point at them), audited.
import { eq } from "drizzle-orm";
import { roomPolicies, rooms, type Room, type RoomPolicy } from "@/db/schema";
import { must } from "@/lib/invariant";
import { BookingError } from "../errors";
import { resolveDb } from "../write-support";
import { adminTx, assertUnique, audit, parseOrThrow, type AdminOptions } from "./admin-support";
import { makePolicySchema, makeRoomSchema, type PolicyInput, type RoomInput } from "./schemas";

const unique = { code: "name_taken" as const, field: "name", entity: "room", entityNl: "ruimte" };

export async function createRoom(input: RoomInput, opts: AdminOptions): Promise<Room> {
  const v = parseOrThrow(makeRoomSchema, input);
  return adminTx(opts, async (tx) => {
    await assertUnique(tx, rooms, rooms.id, rooms.name, v.name, null, unique);
    const room = must((await tx.insert(rooms).values(v).returning())[0], "the inserted room");
    await audit(tx, opts, "room", room.id, "created", null, room);
    return room;
  });
}

export async function updateRoom(id: string, input: RoomInput, opts: AdminOptions): Promise<Room> {
  const v = parseOrThrow(makeRoomSchema, input);
  return adminTx(opts, async (tx) => {
    const [before] = await tx.select().from(rooms).where(eq(rooms.id, id)).for("update");
    if (!before) throw new BookingError([{ code: "room_not_found", field: "form" }]);
    await assertUnique(tx, rooms, rooms.id, rooms.name, v.name, id, unique);
    // The row is locked above, so the update finds it.
    const [updated] = await tx
      .update(rooms)
      .set({ ...v, updatedAt: new Date() })
      .where(eq(rooms.id, id))
      .returning();
    const after = must(updated, "the locked room, updated");
    await audit(tx, opts, "room", id, "updated", before, after);
    return after;
  });
}

/** Create or replace the room's policy (one per room). */
export async function setRoomPolicy(roomId: string, input: PolicyInput, opts: AdminOptions): Promise<RoomPolicy> {
  const v = parseOrThrow(makePolicySchema, input);
  return adminTx(opts, async (tx) => {
    const [room] = await tx.select({ id: rooms.id }).from(rooms).where(eq(rooms.id, roomId));
    if (!room) throw new BookingError([{ code: "room_not_found", field: "form" }]);
    const [before] = await tx.select().from(roomPolicies).where(eq(roomPolicies.roomId, roomId));
    // An upsert returns its row whether it inserted or updated.
    const [upserted] = await tx
      .insert(roomPolicies)
      .values({ roomId, ...v })
      .onConflictDoUpdate({ target: roomPolicies.roomId, set: { ...v, updatedAt: new Date() } })
      .returning();
    const after = must(upserted, "the upserted room policy");
    await audit(tx, opts, "room_policy", roomId, before ? "updated" : "created", before ?? null, after);
    return after;
  });
}

export async function getRoomPolicy(roomId: string, opts: Pick<AdminOptions, "db"> = {}): Promise<RoomPolicy | null> {
  const db = await resolveDb({ actor: "system:sync", db: opts.db });
  const [p] = await db.select().from(roomPolicies).where(eq(roomPolicies.roomId, roomId));
  return p ?? null;
}

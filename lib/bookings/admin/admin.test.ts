import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { auditLog, roomPolicies } from "@/db/schema";
import { createBooking } from "../service";
import { ensureStatuses, makeRoom, rejection } from "../test-fixtures";
import {
  createCustomer,
  createRoom,
  createStatus,
  createTemplate,
  deleteStatus,
  setRoomPolicy,
  updateRoom,
  updateStatus,
} from "./index";

const actor = { id: "u-1", name: "Anna Admin" };

describe.each(testDbKinds)("admin services on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());
  const opts = () => ({ actor, db: t.db });

  it("rooms: validated, unique by name in any case, audited; policies upsert", async () => {
    const room = await createRoom({ name: "Zaal Rijn", capacity: 10 }, opts());
    expect(room).toMatchObject({ timeZone: "Europe/Amsterdam", bookableFrom: "07:00" });
    const dup = await rejection(createRoom({ name: "ZAAL RIJN", capacity: 4 }, opts()));
    expect(dup).toMatchObject({
      code: "name_taken",
      field: "name",
      message: "A room named “ZAAL RIJN” already exists",
    });
    const bad = await rejection(createRoom({ name: "X", capacity: 0, timeZone: "Mars/Olympus" }, opts()));
    expect(bad.issues.map((i) => [i.field, i.message, i.messageNl])).toEqual([
      ["capacity", "Enter a whole number from 1 to 10000", "Vul een heel getal van 1 tot 10000 in"],
      [
        "timeZone",
        "Unknown time zone; use an IANA name such as Europe/Amsterdam",
        "Onbekende tijdzone; gebruik een IANA-naam zoals Europe/Amsterdam",
      ],
    ]);
    await updateRoom(
      room.id,
      { name: "Zaal Rijn", capacity: 14, bookableFrom: "08:00", bookableUntil: "18:00" },
      opts(),
    );
    await setRoomPolicy(room.id, { maxDurationMinutes: 240, advanceDays: 90 }, opts());
    const p = await setRoomPolicy(room.id, { maxDurationMinutes: 120, advanceDays: "" }, opts());
    expect(p).toMatchObject({ maxDurationMinutes: 120, advanceDays: null, enforceCapacity: true });
    expect(await t.db.select().from(roomPolicies).where(eq(roomPolicies.roomId, room.id))).toHaveLength(1);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, room.id));
    expect(audit.map((a) => `${a.entityType}:${a.action}`).sort()).toEqual([
      "room:created",
      "room:updated",
      "room_policy:created",
      "room_policy:updated",
    ]);
  });

  it("customers: e-mail unique; templates: unknown placeholders refused by name", async () => {
    await createCustomer({ name: "Jan", email: "jan@example.nl" }, opts());
    expect((await rejection(createCustomer({ name: "Jan 2", email: "JAN@example.nl" }, opts()))).code).toBe(
      "email_taken",
    );
    const err = await rejection(
      createTemplate({ name: "Default", subject: "{{titel}} in {{room}}", body: "" }, opts()),
    );
    expect(err.field).toBe("subject");
    expect(err.message).toMatch(/^Unknown placeholder: \{\{titel\}\}\. Known: \{\{title\}\}/);
    expect(err.messageNl).toMatch(/^Onbekende placeholder: \{\{titel\}\}/);
    expect(await createTemplate({ name: "Default", subject: "{{title}} in {{room}}" }, opts())).toMatchObject({
      body: "",
    });
  });

  it("statuses: in-use ones cannot be deleted and one cancelled status must remain", async () => {
    const st = await ensureStatuses(t.db);
    const room = await makeRoom(t.db);
    await createBooking(
      { roomId: room.id, date: "2027-01-05", startTime: "10:00", endTime: "11:00", title: "x", statusId: st.option.id },
      { ...opts(), now: new Date("2027-01-01T00:00:00Z") },
    );
    const inUse = await rejection(deleteStatus(st.option.id, opts()));
    expect(inUse.message).toBe("This status is still used by 1 booking; change those first");
    const last = await rejection(
      updateStatus(st.cancelled.id, { key: "cancelled", name: "Cancelled", isCancelled: false }, opts()),
    );
    expect(last.code).toBe("last_cancelled_status");
    const extra = await createStatus(
      { key: "withdrawn", name: "Withdrawn", nameNl: "Ingetrokken", isCancelled: true, blocksRoom: false },
      opts(),
    );
    await deleteStatus(extra.id, opts());
    const blocking = await rejection(createStatus({ key: "void", name: "Void", isCancelled: true }, opts()));
    expect(blocking.field).toBe("blocksRoom");
  });
});

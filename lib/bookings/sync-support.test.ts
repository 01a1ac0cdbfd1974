import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { auditLog, bookings, type BookingStatus } from "@/db/schema";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import {
  createBooking,
  findBookingsByCustomField,
  onBookingWritten,
  setBookingCustomFields,
  updateBooking,
} from "./service";
import { ensureStatuses, firstBooking, makeRoom, nth, rejection, type StatusKey } from "./test-fixtures";
import { utcToLocal } from "./time";

const now = new Date("2026-11-20T09:00:00Z");
const sync = { actor: "system:sync" as const, source: "outlook" as const };

describe.each(testDbKinds)("what the sync engine relies on, on %s", (kind) => {
  let t: TestDb;
  let st: Record<StatusKey, BookingStatus>;
  beforeAll(async () => {
    t = await createTestDb(kind);
    st = await ensureStatuses(t.db);
  });
  afterAll(() => t?.close());

  it("holds Outlook bookings of an approval room as requests; admin bookings are not held", async () => {
    const room = await makeRoom(t.db, { policy: { requiresApproval: true } });
    const base = { roomId: room.id, date: "2026-11-24", title: "Town hall", statusId: st.confirmed.id };
    const fromOutlook = firstBooking(
      await createBooking({ ...base, startTime: "10:00", endTime: "11:00" }, { ...sync, db: t.db, now }),
    );
    expect(fromOutlook.statusId).toBe(st.request.id);
    const fromAdmin = firstBooking(
      await createBooking(
        { ...base, startTime: "12:00", endTime: "13:00" },
        { actor: { id: "u", name: "A" }, db: t.db, now },
      ),
    );
    expect(fromAdmin.statusId).toBe(st.confirmed.id);
  });

  it("accepts UTC instants, stores link fields without a version bump or hooks, finds by external_id", async () => {
    const room = await makeRoom(t.db);
    const fired: string[] = [];
    const off = onBookingWritten(({ kind: k }) => void fired.push(k));
    try {
      const b = firstBooking(
        await createBooking(
          {
            roomId: room.id,
            startAt: new Date("2026-11-25T09:00:00Z"),
            endAt: new Date("2026-11-25T10:00:00Z"),
            title: "From Outlook",
            statusId: st.confirmed.id,
          },
          { ...sync, db: t.db, now },
        ),
      );
      expect(utcToLocal(b.startAt, room.timeZone).time).toBe("10:00");
      const linked = await setBookingCustomFields(
        b.id,
        { external_id: `evt-${kind}-1`, teams_link: "https://teams.example/x" },
        { db: t.db },
      );
      expect(linked).toMatchObject({
        version: 1,
        customFields: { external_id: `evt-${kind}-1`, teams_link: "https://teams.example/x" },
      });
      await setBookingCustomFields(b.id, { teams_link: null }, { db: t.db });
      const found = await findBookingsByCustomField("external_id", `evt-${kind}-1`, t.db);
      expect(found.map((x) => [x.id, x.customFields])).toEqual([[b.id, { external_id: `evt-${kind}-1` }]]);
      expect(fired).toEqual(["created"]);
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.entityId, b.id)).orderBy(asc(auditLog.id));
      expect(audit.map((a) => a.action)).toEqual(["created", "custom_fields", "custom_fields"]);
    } finally {
      off();
    }
  });

  it("joins the caller's transaction: an outer rollback undoes the booking too", async () => {
    const room = await makeRoom(t.db);
    await t.db
      .transaction(async (tx) => {
        await createBooking(
          {
            roomId: room.id,
            date: "2026-11-26",
            startTime: "10:00",
            endTime: "11:00",
            title: "Doomed",
            statusId: st.option.id,
          },
          { ...sync, db: tx, now },
        );
        await tx.execute(sql`select 1`);
        throw new Error("link row insert failed");
      })
      .catch(() => {});
    expect(await t.db.select().from(bookings).where(eq(bookings.roomId, room.id))).toHaveLength(0);
  });

  it("refuses moves onto taken slots: single by conflict, series by dates; nothing changes", async () => {
    const room = await makeRoom(t.db);
    const opts = { actor: { id: "u", name: "A" }, db: t.db, now };
    await createBooking(
      {
        roomId: room.id,
        date: "2026-12-02",
        startTime: "14:00",
        endTime: "15:00",
        title: "Taken",
        statusId: st.confirmed.id,
      },
      opts,
    );
    const { bookings: occ } = await createBooking(
      {
        roomId: room.id,
        date: "2026-11-25",
        startTime: "09:00",
        endTime: "10:00",
        title: "Series",
        statusId: st.confirmed.id,
        recurrence: { frequency: "weekly", interval: 1, weekdays: [3], count: 3 },
      },
      opts,
    );
    const single = await rejection(
      updateBooking({ id: nth(occ, 1).id, version: 1, patch: { startTime: "14:30", endTime: "15:30" } }, opts),
    );
    expect(single.message).toBe(`${room.name} is booked 14:00–15:00 on Wed 2 Dec for “Taken” (Confirmed)`);
    const all = await rejection(
      updateBooking(
        { id: nth(occ, 0).id, version: 1, scope: "all", patch: { startTime: "14:00", endTime: "14:30" } },
        opts,
      ),
    );
    expect(all.code).toBe("series_conflict");
    expect(all.message).toContain("is already taken on Wed 2 Dec");
    const rows = await t.db
      .select()
      .from(bookings)
      .where(eq(bookings.recurrenceGroupId, nth(occ, 0).recurrenceGroupId!))
      .orderBy(asc(bookings.startAt));
    expect(rows.map((r) => [utcToLocal(r.startAt, room.timeZone).time, r.version])).toEqual([
      ["09:00", 1],
      ["09:00", 1],
      ["09:00", 1],
    ]);
  });

  it("two whole-series edits started from different occurrences neither deadlock nor mix", async () => {
    const room = await makeRoom(t.db);
    const opts = { actor: { id: "u", name: "A" }, db: t.db, now };
    const { bookings: occ } = await createBooking(
      {
        roomId: room.id,
        date: "2026-11-23",
        startTime: "15:00",
        endTime: "16:00",
        title: "Race series",
        statusId: st.confirmed.id,
        recurrence: { frequency: "daily", interval: 1, count: 10 },
      },
      opts,
    );
    for (let round = 0; round < 3; round++) {
      const results = await Promise.allSettled([
        updateBooking({ id: nth(occ, 0).id, scope: "all", patch: { title: `A${round}` } }, opts),
        updateBooking({ id: nth(occ, 9).id, scope: "all", patch: { title: `B${round}` } }, opts),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      const titles = new Set(
        (await t.db.select().from(bookings).where(eq(bookings.roomId, room.id))).map((b) => b.title),
      );
      expect(titles.size).toBe(1);
    }
  });
});

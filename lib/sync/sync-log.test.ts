// logSync stores a line's code and params (a booking refusal included), and the line reads in either
// language from the database row, on both databases.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { integrations, syncLog } from "@/db/schema";
import { BookingError } from "@/lib/bookings/errors";
import { syncLogText } from "@/lib/i18n/sync-log";
import { must } from "@/lib/invariant";
import { logSync, logSyncMany, refusalOf } from "./sync-log";

describe.each(testDbKinds)("sync log (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("stores code + params, no English, and says the line in the reader's language", async () => {
    const [i] = await t.db.insert(integrations).values({ name: "Log test" }).returning();
    const integrationId = must(i, "the integration").id;
    const refusal = new BookingError([
      { code: "advance_window", field: "date", params: { room: "Zaal Amstel", days: 90 } },
    ]);
    await logSync({
      integrationId,
      direction: "inbound",
      action: "create",
      outcome: "rejected",
      code: "refused",
      params: { reason: refusalOf(refusal) },
    });
    await logSyncMany([
      { integrationId, direction: "inbound", action: "event", outcome: "skipped", code: "echo" },
      { integrationId, direction: "reconcile", action: "reconcile", outcome: "ok", message: "Old English text" },
    ]);
    const rows = await t.db.select().from(syncLog).where(eq(syncLog.integrationId, integrationId)).orderBy(syncLog.id);
    expect(rows.map((r) => [r.code, r.message])).toEqual([
      ["refused", null],
      ["echo", null],
      [null, "Old English text"],
    ]);
    expect(rows.map((r) => syncLogText(r, "nl"))).toEqual([
      "Zaal Amstel kan hoogstens 90 dagen vooruit worden geboekt",
      "Onze eigen wijziging (echo).",
      "Old English text",
    ]);
    expect(syncLogText(must(rows[0], "the refusal"), "en")).toBe("Zaal Amstel can be booked at most 90 days ahead");
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { acquireDirLock, EmbeddedDatabaseLockedError, openEmbedded } from "./client";
import { createTestDb, testDbKinds, type TestDb } from "./testing";
import { rooms } from "./schema";
import { must } from "@/lib/invariant";

describe.each(testDbKinds)("database on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
  });
  afterAll(() => t?.close());

  it("applies migrations and round-trips a room with its time zone", async () => {
    const [r] = await t.db
      .insert(rooms)
      .values({ name: "Zaal A", capacity: 12, timeZone: "Europe/Amsterdam" })
      .returning();
    const [back] = await t.db
      .select()
      .from(rooms)
      .where(eq(rooms.id, must(r, "inserted room").id));
    expect(back).toMatchObject({ name: "Zaal A", capacity: 12, timeZone: "Europe/Amsterdam", bookableFrom: "07:00" });
  });

  it("refuses a second room with the same name in another case", async () => {
    await t.db.insert(rooms).values({ name: "Boardroom", capacity: 8 });
    await expect(t.db.insert(rooms).values({ name: "BOARDROOM", capacity: 4 })).rejects.toThrow();
  });
});

describe("embedded database directory", () => {
  it("creates missing parent folders, persists across reopen, and refuses a second process", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-")), "nested", "db");
    const first = await openEmbedded(dir);
    await first.db.insert(rooms).values({ name: "Persisted", capacity: 3 });
    // Pretend another live process holds the lock: our parent's pid is alive.
    fs.writeFileSync(path.join(dir, "roomlink.lock"), String(process.ppid));
    expect(() => acquireDirLock(dir)).toThrow(EmbeddedDatabaseLockedError);
    expect(() => acquireDirLock(dir)).toThrow(/DATABASE_URL/);
    fs.writeFileSync(path.join(dir, "roomlink.lock"), String(process.pid));
    await first.close();
    expect(fs.existsSync(path.join(dir, "roomlink.lock"))).toBe(false);
    const second = await openEmbedded(dir);
    const all = await second.db.select().from(rooms);
    expect(all.map((r) => r.name)).toEqual(["Persisted"]);
    await second.close();
  });
});

// The customers and policies pages show 50 rows a page with a search, never the whole table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { customers, rooms } from "@/db/schema";
import { must } from "@/lib/invariant";
import { setRoomPolicy } from "./index";
import { listCustomersPage, listPoliciesPage } from "./lists";

describe.each(testDbKinds)("admin list pages on %s", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(kind);
    await t.db.insert(customers).values(
      Array.from({ length: 120 }, (_, n) => ({
        name: `Klant ${String(n).padStart(3, "0")}`,
        email: `klant${n}@example.test`,
        organisation: n % 10 === 0 ? "Gemeente Utrecht" : null,
      })),
    );
    await t.db.insert(rooms).values(
      Array.from({ length: 70 }, (_, n) => ({
        name: `Zaal ${String(n).padStart(2, "0")}`,
        capacity: 8,
        building: n < 5 ? "Noord" : "Zuid",
        active: n !== 0,
      })),
    );
  });
  afterAll(() => t?.close());

  it("customers: 50 a page in name order, every customer on exactly one page, searchable", async () => {
    const pages = await Promise.all([0, 50, 100].map((offset) => listCustomersPage({ offset }, t.db)));
    expect(pages.map((p) => p.rows.length)).toEqual([50, 50, 20]);
    expect(pages.every((p) => p.total === 120)).toBe(true);
    const names = pages.flatMap((p) => p.rows.map((c) => c.name));
    expect(new Set(names).size).toBe(120);
    expect(names[0]).toBe("Klant 000");
    const utrecht = await listCustomersPage({ q: "utrecht" }, t.db);
    expect(utrecht.total).toBe(12);
    expect(utrecht.rows.every((c) => c.organisation === "Gemeente Utrecht")).toBe(true);
    expect((await listCustomersPage({ q: "klant7@" }, t.db)).rows.map((c) => c.name)).toEqual(["Klant 007"]);
  });

  it("policies: rooms with their policy, active first, 50 a page, searchable by name and building", async () => {
    const first = await listPoliciesPage({}, t.db);
    expect(first.rows).toHaveLength(50);
    expect(first.total).toBe(70);
    expect(first.rows[0]?.name).toBe("Zaal 01");
    const last = await listPoliciesPage({ offset: 50 }, t.db);
    expect(last.rows.at(-1)?.name).toBe("Zaal 00"); // inactive: last
    const zaal3 = must(
      first.rows.find((r) => r.name === "Zaal 03"),
      "Zaal 03 on the first page",
    );
    await setRoomPolicy(zaal3.id, { maxDurationMinutes: 2880 }, { actor: { id: "u-1", name: "Anna" }, db: t.db });
    const noord = await listPoliciesPage({ q: "noord" }, t.db);
    expect(noord.total).toBe(5);
    expect(noord.rows.find((r) => r.name === "Zaal 03")?.policy?.maxDurationMinutes).toBe(2880);
  });
});

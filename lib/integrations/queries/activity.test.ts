// The diagnostics queue card tells a scheduled job (a retry, the next round) from one that is due and
// still waiting: "1 jobs waiting … oldest since <start-up>" read like a stuck queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { jobs } from "@/db/schema";
import { queueView } from "./activity";

describe.each(testDbKinds)("queue view (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
  });
  afterAll(() => t?.close());

  it("counts due and scheduled jobs apart, and says 'behind' only when a due job has waited over a minute", async () => {
    const now = Date.now();
    await t.db.insert(jobs).values([
      { name: "test.round", runAfter: new Date(now + 5 * 60_000), createdAt: new Date(now - 3_600_000) },
      { name: "test.retry", runAfter: new Date(now + 30_000) },
    ]);
    const idle = await queueView("00000000-0000-0000-0000-000000000000");
    expect(idle).toMatchObject({ pending: 2, due: 0, later: 2, oldestDueAt: null, behindSince: null });
    expect(idle.nextLaterAt?.getTime()).toBe(now + 30_000);

    await t.db.insert(jobs).values({ name: "test.due", runAfter: new Date(now - 10_000) });
    expect(await queueView("00000000-0000-0000-0000-000000000000")).toMatchObject({ due: 1, behindSince: null });

    await t.db.insert(jobs).values({ name: "test.stuck", runAfter: new Date(now - 5 * 60_000) });
    const behind = await queueView("00000000-0000-0000-0000-000000000000");
    expect(behind).toMatchObject({ due: 2, later: 2 });
    expect(behind.behindSince?.getTime()).toBe(now - 5 * 60_000);
  });
});

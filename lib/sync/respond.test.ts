// Room answers in $batch: Graph runs a batch's requests in parallel and Exchange allows 4 at a time
// per mailbox, so a batch holds at most 20 answers and at most 4 for any one mailbox.
import { describe, expect, it } from "vitest";
import { mailboxBatches as answerBatches } from "./batch";
import type { Answer } from "./respond";

const answers = (perMailbox: Record<string, number>): Answer[] =>
  Object.entries(perMailbox).flatMap(([mailbox, n]) =>
    Array.from({ length: n }, (_, i) => ({ mailbox, ev: { id: `${mailbox}-${i}` }, response: "accept" as const })),
  );

describe("answerBatches", () => {
  it("keeps every answer once, ≤ 20 per batch and ≤ 4 per mailbox in a batch", () => {
    const list = answers({ "a@x": 10, "B@x": 10, "c@x": 3, "d@x": 1, "e@x": 9, "f@x": 7 });
    const out = answerBatches(list);
    expect(
      out
        .flat()
        .map((a) => a.ev.id)
        .sort(),
    ).toEqual(list.map((a) => a.ev.id).sort());
    for (const b of out) {
      expect(b.length).toBeLessThanOrEqual(20);
      const per = new Map<string, number>();
      for (const a of b) per.set(a.mailbox.toLowerCase(), (per.get(a.mailbox.toLowerCase()) ?? 0) + 1);
      expect(Math.max(...per.values())).toBeLessThanOrEqual(4);
    }
    // Many mailboxes fill whole batches: 40 answers in 2.
    expect(
      answerBatches(answers(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`r${i}@x`, 4])))).map(
        (b) => b.length,
      ),
    ).toEqual([20, 20]);
  });

  it("one calendar (delegated: the service account's) goes 4 at a time", () => {
    expect(answerBatches(answers({ me: 10 })).map((b) => b.length)).toEqual([4, 4, 2]);
  });
});

// `tsx scripts/bench-sync.ts [count] [pollMs]`: sync latency and Graph requests IN ONE PROCESS against an
// in-process sandbox tenant (lib/sync/test-world.ts): the webhook route handlers behind a local listener,
// the queue and the worker loop all share this process and its database connection. It is the developer's
// quick loop and the only place the Roomlink series figures are taken (a weekly series of 150 written to
// Outlook, then moved an hour for all its occurrences: wall time, Graph requests on the wire). Its
// latencies are NOT what a deployment shows (no `next start`, no separate worker process, no NOTIFY across
// processes, load from the same event loop): `npm run bench:burst` measures those through a deployment.
// The worker polls at the app's interval (DEFAULT_POLL_MS, or the second argument), not the tests' 100 ms.
import diagnostics from "node:diagnostics_channel";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { bookings, eventLinks } from "@/db/schema";
import { env } from "@/lib/env";
import { createBooking, updateBooking } from "@/lib/bookings/service";
import { DEFAULT_POLL_MS } from "@/lib/jobs/runner";
import { startSyncJobs } from "@/lib/sync/register";
import { syncWorld } from "@/lib/sync/test-world";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";

const count = Number(process.argv[2] ?? 40);
const pollMs = Number(process.argv[3] ?? DEFAULT_POLL_MS);

/** Graph requests this process sends to the sandbox while `wire.on`, by method. */
const wire = { host: "", on: false, counts: new Map<string, number>() };
diagnostics.subscribe("undici:request:create", (msg) => {
  const { request } = msg as { request: { origin?: string | URL; method?: string } };
  if (!wire.on || !String(request.origin ?? "").includes(wire.host)) return;
  wire.counts.set(request.method ?? "GET", (wire.counts.get(request.method ?? "GET") ?? 0) + 1);
});
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const gt = (d: Date) => ({ dateTime: d.toISOString().slice(0, 19), timeZone: "UTC" });
const slot = (n: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 2 + Math.floor(n / 10));
  d.setUTCHours(7 + (n % 10), 0, 0, 0);
  return d;
};

async function poll<T>(fn: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main(): Promise<void> {
  const kind = env.DATABASE_URL ? "server" : "embedded";
  const w = await syncWorld(kind, { notify, lifecycle });
  // The test world's worker polls every 100 ms, which hides a missing wake-up: run the app's instead.
  await w.jobs.idle();
  await w.jobs.stop();
  const jobs = startSyncJobs({ pollMs });
  try {
    const [r0, r1] = w.rooms;
    const inbound: number[] = [];
    for (let n = 0; n < count; n++) {
      const subject = `Bench in ${n}`;
      const t0 = performance.now();
      await w.graph.api(`/users/${w.organizer}/events`).post({
        subject,
        start: gt(slot(n)),
        end: gt(new Date(slot(n).getTime() + 30 * 60_000)),
        attendees: [{ type: "resource", emailAddress: { address: r0!.upn } }],
      });
      await poll(
        async () =>
          (await w.t.db.select({ id: bookings.id }).from(bookings).where(eq(bookings.title, subject))).length > 0,
      );
      inbound.push(performance.now() - t0);
    }
    const outbound: number[] = [];
    for (let n = 0; n < count; n++) {
      // Quiet first: the previous write's echo notification must not be what wakes the worker for
      // this one. Then a gap that lands the write at varying points of the poll interval.
      await jobs.idle();
      await new Promise((r) => setTimeout(r, 150 + ((n * 397) % 1000)));
      const t0 = performance.now();
      const {
        bookings: [b],
      } = await createBooking(
        {
          roomId: r1!.room.id,
          title: `Bench out ${n}`,
          statusId: w.statuses.confirmed.id,
          startAt: slot(n),
          endAt: new Date(slot(n).getTime() + 30 * 60_000),
        },
        { actor: { id: w.admin.id, name: "bench" } },
      );
      // The event exists in the room calendar once its id is stored on the booking.
      await poll(
        async () => (await w.t.db.select().from(bookings).where(eq(bookings.id, b!.id)))[0]?.customFields.external_id,
      );
      outbound.push(performance.now() - t0);
    }
    // A weekly series of 150 occurrences: one series master, its instances listed and linked.
    wire.host = `localhost:${w.sb.port}`;
    wire.on = true;
    const first = slot(count + 20);
    const t0 = performance.now();
    const { group } = await createBooking(
      {
        roomId: r1!.room.id,
        title: "Bench series",
        statusId: w.statuses.confirmed.id,
        startAt: first,
        endAt: new Date(first.getTime() + 30 * 60_000),
        recurrence: { frequency: "weekly", interval: 1, weekdays: [((first.getUTCDay() + 6) % 7) + 1], count: 150 },
      },
      { actor: { id: w.admin.id, name: "bench" } },
    );
    await poll(
      async () =>
        (
          await w.t.db
            .select({ n: sql<number>`count(*)::int` })
            .from(bookings)
            .where(
              and(eq(bookings.recurrenceGroupId, group!.id), isNotNull(sql`${bookings.customFields}->>'external_id'`)),
            )
        )[0]!.n === 150,
      120_000,
    );
    const seriesMs = performance.now() - t0;
    await jobs.idle();
    const requests = [...wire.counts].map(([m, n]) => `${n} ${m}`).join(", ");

    // The whole series an hour later ("all occurrences"): one change to the master, every link moved to its new instance.
    wire.counts.clear();
    const occurrences = await w.t.db.select().from(bookings).where(eq(bookings.recurrenceGroupId, group!.id));
    const firstBooking = occurrences.reduce((a, b) => (a.startAt <= b.startAt ? a : b));
    const t1 = performance.now();
    await updateBooking(
      {
        id: firstBooking.id,
        scope: "all",
        patch: { startAt: new Date(first.getTime() + 3600_000), endAt: new Date(first.getTime() + 90 * 60_000) },
      },
      { actor: { id: w.admin.id, name: "bench" } },
    );
    await poll(
      async () =>
        (
          await w.t.db
            .select({ n: sql<number>`count(*)::int` })
            .from(eventLinks)
            .innerJoin(bookings, eq(bookings.id, eventLinks.bookingId))
            .where(and(eq(bookings.recurrenceGroupId, group!.id), eq(eventLinks.writtenVersion, bookings.version)))
        )[0]!.n === 150,
      120_000,
    );
    const moveMs = performance.now() - t1;
    await jobs.idle();
    wire.on = false;
    const moveRequests = [...wire.counts].map(([m, n]) => `${n} ${m}`).join(", ");
    const fmt = (xs: number[]) =>
      `p50 ${pct(xs, 50).toFixed(0)} ms  p99 ${pct(xs, 99).toFixed(0)} ms  max ${Math.max(...xs).toFixed(0)} ms  (n=${xs.length})`;
    process.stdout.write(
      `in one process (not the deployed path: see bench:burst); database: ${kind}, worker poll ${pollMs} ms\nin-process Outlook → booking committed: ${fmt(inbound)}\nin-process booking saved → Outlook event: ${fmt(outbound)}\nweekly series of 150 → Outlook: ${seriesMs.toFixed(0)} ms, Graph requests ${requests} (token requests included)\nthe same series an hour later (all occurrences): ${moveMs.toFixed(0)} ms, Graph requests ${moveRequests}\nrss: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`,
    );
  } finally {
    await jobs.stop();
    await w.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);

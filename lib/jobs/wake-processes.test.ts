// Wake-ups across processes on the PostgreSQL server (the embedded database is one process's,
// locked): a separate worker process polling only every 30 s (lib/jobs/testing/worker-process.ts)
// is woken by NOTIFY when this process, the web app running no jobs, stores a booking (its outbox
// row) or a webhook's inbox rows. The sandbox tenant and the webhook listener stay in this process.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { bookings } from "@/db/schema";
import { env } from "@/lib/env";
import { must } from "@/lib/invariant";
import { createBooking } from "@/lib/bookings/service";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, worldDatabaseUrl, type SyncWorld } from "@/lib/sync/test-world";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { rowsOf } from "./queue";
import { WAKE_CHANNEL } from "./wake";

const TSX = path.resolve("node_modules/.bin/tsx");
const LONG_POLL_MS = 30_000;
/** "Woken": well before the worker's poll could explain it, and generous for a loaded machine. */
const WOKEN_WITHIN_MS = 8_000;

// Skipped, not empty, without DATABASE_URL: a file with no suite fails the run.
describe.skipIf(!testDbKinds.includes("server"))("wake-ups across processes (server)", () => {
  const kind = "server";
  let w: SyncWorld;
  let worker: ChildProcess;
  let workerStarted: number;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    await w.jobs.idle();
    await w.jobs.stop(); // this process is the web app with JOBS_IN_APP=false: it runs no jobs
    const dbUrl = await worldDatabaseUrl(w);
    workerStarted = Date.now();
    worker = spawn(TSX, ["lib/jobs/testing/worker-process.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        WORKER_POLL_MS: String(LONG_POLL_MS),
        LOG_LEVEL: "warn",
        SANDBOX: "off",
        DEMO_MODE: "false",
        APP_BASE_URL: env.baseUrl,
        SANDBOX_AUTHORITY_HOST: w.sb.authorityHost,
        SANDBOX_GRAPH_BASE_URL: w.sb.graphBaseUrl,
        SANDBOX_CA_FILE: w.sb.caFile,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    // Ready once its LISTEN connection is up (then its first claim pass, which finds nothing, is over).
    await w.waitFor(async () => {
      const [row] = rowsOf<{ n: number }>(
        await w.t.db.execute(
          sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike ${`listen%${WAKE_CHANNEL}%`}`,
        ),
      );
      return (row?.n ?? 0) > 0;
    }, 30_000);
    await new Promise((r) => setTimeout(r, 500));
  }, 90_000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      await new Promise<void>((resolve) => {
        worker.once("exit", () => resolve());
        worker.kill("SIGTERM");
      });
    }
    await w?.close();
  });

  /** A quick pickup is only a wake-up's doing while the worker's first poll is still ahead. */
  const beforeFirstPoll = () => expect(Date.now() - workerStarted).toBeLessThan(LONG_POLL_MS);

  it("a booking saved here wakes the worker process: the event is in Outlook within seconds", async () => {
    const room = must(w.rooms[0], "first room");
    const t0 = Date.now();
    const {
      bookings: [b],
    } = await createBooking(
      {
        roomId: room.room.id,
        title: "Woken across processes",
        statusId: w.statuses.confirmed.id,
        startAt: at(4, 9),
        endAt: at(4, 10),
      },
      { actor: { id: w.admin.id, name: w.admin.name } },
    );
    const id = must(b, "created booking").id;
    const eventId = await w.waitFor(
      async () => (await w.t.db.select().from(bookings).where(eq(bookings.id, id)))[0]?.customFields.external_id,
      WOKEN_WITHIN_MS,
    );
    expect(Date.now() - t0).toBeLessThan(WOKEN_WITHIN_MS);
    beforeFirstPoll();
    const ev = (await w.graph.api(`/users/${room.upn}/events/${eventId}`).get()) as { subject: string };
    expect(ev.subject).toBe("Woken across processes");
  });

  it("a webhook received here wakes the worker process: the Outlook meeting is booked within seconds", async () => {
    const room = must(w.rooms[1], "second room");
    const t0 = Date.now();
    await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "Woken inbound across processes",
      start: gt(at(4, 13)),
      end: gt(at(4, 14)),
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    });
    const booked = await w.waitFor(
      async () => (await w.t.db.select().from(bookings).where(eq(bookings.title, "Woken inbound across processes")))[0],
      WOKEN_WITHIN_MS,
    );
    expect(Date.now() - t0).toBeLessThan(WOKEN_WITHIN_MS);
    beforeFirstPoll();
    expect(booked.roomId).toBe(room.room.id);
  });
});

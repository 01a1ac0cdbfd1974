// `tsx scripts/bench-reconcile.ts [rooms] [events] [answers]`: the reconcile figures of DESIGN §5 against a local
// sandbox tenant over HTTP through the real SDKs. Graph requests and wall time of a reconcile round of
// 1,000 mapped rooms (target ⌈rooms/20⌉ requests): nothing changed (idle), every subscription due
// (renewal), every subscription gone (recreate), and the round after each of those two (it reads the
// calendars the subscription upkeep left no room for); changed events applied per second when 10,000
// events arrive only through delta; and Roomlink's peak RSS through it all.
// stdout: one JSON line per figure (`{"bench":"reconcile",…}`); progress and a summary on stderr.
// With DATABASE_URL (a PostgreSQL server) the reconciles run in a child process that holds Roomlink
// alone, as a deployed server would: its RSS is the memory figure, while the sandbox tenant and the
// set-up stay in this process. Without it (embedded database) everything shares one process, and the
// RSS printed includes the sandbox tenant and the embedded database.
// Requests are counted on the wire: every HTTP request undici (msal's and the Graph SDK's fetch) opens
// to the sandbox's host, token requests included; the Graph ones are cross-checked on the sandbox side.
// By default the rooms accept for themselves (Exchange AutoAccept), as most tenants run them; with
// `answers` Roomlink answers for every room, so each new meeting also costs Roomlink an accept request.
// The app's logs go to stdout too (not JSON figures: they do not start with {"bench"); run with LOG_LEVEL=warn.
import { fork, type ChildProcess } from "node:child_process";
import diagnostics from "node:diagnostics_channel";
import { count, eq, inArray, sql } from "drizzle-orm";
import { bookings, integrationRooms, subscriptions } from "@/db/schema";
import { env } from "@/lib/env";
import { makeRoom } from "@/lib/bookings/test-fixtures";
import { must } from "@/lib/invariant";
import { rowsOf } from "@/lib/jobs/queue";
import type { SandboxRequest } from "@/lib/sandbox/contracts";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { reconcileIntegration, type ReconcileResult } from "@/lib/sync/reconcile/reconcile";

const mb = (n: number) => (n / 1e6).toFixed(0);
/** Progress and the readable summary on stderr; stdout carries only the figures, one JSON line each. */
const progress = (line: string) => process.stderr.write(`${line}\n`);
const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ bench: "reconcile", ...o })}\n`);

/** Peak RSS of this process, sampled every 20 ms; `reset` starts a new phase. */
const rss = { peak: 0, phasePeak: 0 };
const sample = () => {
  const m = process.memoryUsage().rss;
  rss.peak = Math.max(rss.peak, m);
  rss.phasePeak = Math.max(rss.phasePeak, m);
};
setInterval(sample, 20).unref();

/** HTTP requests to the sandbox as this process sent them: method + path → count. */
const wire = { host: "", counts: new Map<string, number>() };
diagnostics.subscribe("undici:request:create", (msg) => {
  const { request } = msg as { request: { origin?: string | URL; path?: string; method?: string } };
  if (!wire.host || !String(request.origin ?? "").includes(wire.host)) return;
  const path = (request.path ?? "")
    .split("?")[0]!
    .replace(/\/users\/[^/]+/, "/users/{id}")
    .replace(/\/events\/[^/]+/, "/events/{id}")
    .replace(/\/subscriptions\/[^/]+/, "/subscriptions/{id}");
  const key = `${request.method ?? "GET"} ${path}`;
  wire.counts.set(key, (wire.counts.get(key) ?? 0) + 1);
});

/** One reconcile as measured in the process that ran it. */
interface Run {
  requests: number;
  detail: string;
  seconds: number;
  result: ReconcileResult;
  rssPeak: number;
  rssAfter: number;
}

async function runOnce(integrationId: string): Promise<Run> {
  wire.counts.clear();
  rss.phasePeak = 0;
  sample();
  const t0 = performance.now();
  const result = await reconcileIntegration(integrationId);
  const seconds = (performance.now() - t0) / 1000;
  sample();
  const requests = [...wire.counts.values()].reduce((a, b) => a + b, 0);
  const detail =
    [...wire.counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${v} ${k}`)
      .join(", ") || "none";
  (globalThis as { gc?: () => void }).gc?.();
  return { requests, detail, seconds, result, rssPeak: rss.phasePeak, rssAfter: process.memoryUsage().rss };
}

// ── child: Roomlink alone, running reconciles when told ──────────────────────────────────────────
if (process.argv[2] === "--child") {
  const integrationId = process.argv[3]!;
  wire.host = process.argv[4]!;
  process.on("message", (msg: { run?: boolean; done?: boolean }) => {
    if (msg.done) {
      process.send!({ rssPeak: rss.peak }, () => process.exit(0));
      return;
    }
    runOnce(integrationId).then(
      (r) => process.send!(r),
      (err: unknown) => {
        process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
        process.exit(1);
      },
    );
  });
  process.send!({ ready: true });
} else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
      process.exit(1);
    },
  );
}

/** Runs reconciles in a child process holding Roomlink alone (server database). */
async function childRunner(
  integrationId: string,
  dbUrl: string,
  sb: { authorityHost: string; graphBaseUrl: string; caFile: string },
  host: string,
) {
  const child: ChildProcess = fork(process.argv[1]!, ["--child", integrationId, host], {
    execArgv: [...process.execArgv.filter((a) => a !== "--expose-gc"), "--expose-gc"],
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      SANDBOX: "off",
      APP_BASE_URL: env.baseUrl,
      SANDBOX_AUTHORITY_HOST: sb.authorityHost,
      SANDBOX_GRAPH_BASE_URL: sb.graphBaseUrl,
      SANDBOX_CA_FILE: sb.caFile,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench child exited (${code ?? "signal"})`));
      child.once("exit", onExit);
      child.once("message", (m) => {
        child.off("exit", onExit);
        resolve(m as T);
      });
    });
  await next<{ ready: true }>();
  return {
    async run(): Promise<Run> {
      const r = next<Run>();
      child.send({ run: true });
      return r;
    },
    async finish(): Promise<number> {
      const r = next<{ rssPeak: number }>();
      child.send({ done: true });
      return (await r).rssPeak;
    },
  };
}

async function main(): Promise<void> {
  const roomCount = Number(process.argv[2] ?? 1000);
  const eventCount = Number(process.argv[3] ?? 10_000);
  const roomlinkAnswers = process.argv[4] === "answers";
  const kind = env.DATABASE_URL ? "server" : "embedded";
  // Loaded here: the child process never starts a sandbox or a test world.
  const { syncWorld } = await import("@/lib/sync/test-world");
  const { POST: notify } = await import("@/app/api/graph/notify/[id]/route");
  const { POST: lifecycle } = await import("@/app/api/graph/lifecycle/[id]/route");
  const w = await syncWorld(kind, { notify, lifecycle });
  // Before any work: what the process holds with its database open and the sandbox tenant up. With the
  // embedded database this is mostly PGlite (its WASM postgres alone sits at about 300-400 MB RSS).
  const startRss = process.memoryUsage().rss;
  try {
    // Only reconcile runs: no worker picking up notifications or scheduling its own reconciles.
    await w.jobs.stop();
    const host = `localhost:${w.sb.port}`;
    wire.host = host;
    const graph = w.sb.graph as SandboxGraphService;
    const graphSeen = { n: 0 };
    const handle = graph.handle.bind(graph);
    graph.handle = (req: SandboxRequest) => {
      graphSeen.n++;
      return handle(req);
    };

    // 1,000 room mailboxes (subject kept) mapped to 1,000 Roomlink rooms.
    const t0 = performance.now();
    const mapped = [...w.rooms.map((r) => r.upn)];
    const processing = { autoAccept: !roomlinkAnswers, addOrganizerToSubject: false, deleteSubject: false };
    for (const upn of mapped) w.sb.directory.updateRoom(w.sb.directory.findUser(upn)!.id, processing);
    for (let n = mapped.length; n < roomCount; n++) {
      const u = w.sb.directory.addRoom({ alias: `bench-room-${n}`, displayName: `Bench room ${n}`, capacity: 10 });
      w.sb.directory.updateRoom(u.id, processing);
      const room = must(
        await makeRoom(w.t.db, {
          name: `Bench room ${n}`,
          capacity: 10,
          policy: { maxDurationMinutes: 240 },
        }),
        "new room",
      );
      await w.t.db
        .insert(integrationRooms)
        .values({ integrationId: w.integrationId, roomId: room.id, mailboxUpn: u.userPrincipalName });
      mapped.push(u.userPrincipalName);
    }
    progress(
      `database: ${kind}, ${mapped.length} mapped rooms, ${roomlinkAnswers ? "Roomlink answers for them" : "Exchange AutoAccept"} (set up in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );

    let runner: { run(): Promise<Run>; finish(): Promise<number> };
    if (kind === "server") {
      const { db: name } = must(
        rowsOf<{ db: string }>(await w.t.db.execute(sql`select current_database() as db`))[0],
        "current_database()",
      );
      const url = new URL(env.DATABASE_URL!);
      url.pathname = `/${name}`;
      runner = await childRunner(w.integrationId, url.toString(), w.sb, host);
    } else {
      runner = { run: () => runOnce(w.integrationId), finish: () => Promise.resolve(rss.peak) };
    }
    const rooms = mapped.length;
    const targetRequests = Math.ceil(rooms / 20);
    const measured = async (label: string) => {
      graphSeen.n = 0;
      const r = await runner.run();
      const x = r.result;
      progress(
        `${label}: ${r.requests} HTTP requests (${r.detail}; sandbox saw ${graphSeen.n} Graph), ${r.seconds.toFixed(2)} s, ` +
          `${x.mailboxes} calendars, ${x.changes} changes, ${x.graphBatches} $batches, ${x.renewed} renewed, ${x.recreated} recreated, ${x.deferred} reads deferred, ${x.errors} errors; ` +
          `RSS peak ${mb(r.rssPeak)} MB, after ${mb(r.rssAfter)} MB`,
      );
      return r;
    };
    /** A round's figure: Graph requests on the wire (token requests included) against ⌈rooms/20⌉. */
    const figure = (round: string, r: Run) =>
      emit({
        round,
        database: kind,
        rooms,
        requests: r.requests,
        targetRequests,
        ms: Math.round(r.seconds * 1000),
        renewed: r.result.renewed,
        recreated: r.result.recreated,
        deferred: r.result.deferred,
        errors: r.result.errors,
      });

    // First reconcile: subscriptions for the new rooms (a full round of creations), then rounds until every
    // calendar has been read once and holds a delta link.
    await measured("first reconcile (setup)");
    for (let n = 0; n < 5 && (await measured("setup, reads left over")).result.deferred > 0; n++);
    const idle = await measured("reconcile, nothing changed");
    figure("idle", idle);
    // Every subscription comes due (expires within the 24 h reconcile renews): the renewal round, and the
    // round after it, which reads the calendars the renewals left no room for.
    await w.t.db
      .update(subscriptions)
      .set({ expiresAt: new Date(Date.now() + 3600_000) })
      .where(eq(subscriptions.integrationId, w.integrationId));
    const renewal = await measured("reconcile, every subscription due");
    figure("renewal", renewal);
    figure("after-renewal", await measured("reconcile after the renewal round"));
    // Every subscription is gone (Roomlink was down past their 70 h lifetime; Graph deleted them): the
    // recreate round, and the round after it.
    await w.t.db
      .update(subscriptions)
      .set({ expiresAt: new Date(Date.now() - 3600_000) })
      .where(eq(subscriptions.integrationId, w.integrationId));
    for (const id of Object.keys(graph.core.state.subscriptions)) delete graph.core.state.subscriptions[id];
    const recreate = await measured("reconcile, every subscription gone");
    figure("recreate", recreate);
    figure("after-recreate", await measured("reconcile after the recreate round"));

    // Events reach room calendars only in the sandbox's store, as Exchange leaves them: the organizer's
    // event and the room's copy, accepted by AutoAccept or waiting for Roomlink's answer; no notification.
    const store = graph.core.store;
    const organizers = w.sb.directory.users().filter((u) => u.kind === "user");
    const day0 = new Date();
    day0.setUTCHours(0, 0, 0, 0);
    const gt = (ms: number) => ({ dateTime: new Date(ms).toISOString().slice(0, 19), timeZone: "UTC" });
    let seeded = 0;
    for (let i = 0; seeded < eventCount; i++) {
      const room = w.sb.directory.findUser(mapped[i % mapped.length]!)!;
      const slot = Math.floor(i / mapped.length);
      const start = day0.getTime() + (2 + slot) * 86_400_000 + 9 * 3600_000;
      const org = organizers[i % organizers.length]!;
      const input = {
        subject: `Bench ${i}`,
        start: gt(start),
        end: gt(start + 3600_000),
        attendees: [
          { type: "resource", emailAddress: { address: room.mail, name: room.displayName } },
          { type: "required", emailAddress: { address: `guest${i % 7}@example.com` } },
        ],
        location: { displayName: room.displayName, locationEmailAddress: room.mail, locationType: "conferenceRoom" },
      };
      const orgEv = store.create(org, input, { silent: true });
      if (!roomlinkAnswers) orgEv.attendees[0]!.status = { response: "accepted", time: new Date().toISOString() };
      const copy = store.create(
        room,
        { ...input, iCalUId: orgEv.iCalUId },
        { copyOf: { mailboxId: org.id, key: orgEv.key }, silent: true },
      );
      copy.organizer = structuredClone(orgEv.organizer);
      copy.responseStatus = roomlinkAnswers
        ? { response: "notResponded", time: "0001-01-01T00:00:00Z" }
        : { response: "accepted", time: new Date().toISOString() };
      (orgEv.roomCopies ??= {})[room.id] = copy.key;
      seeded++;
    }
    progress(
      `seeded ${seeded} events (${Math.ceil(eventCount / mapped.length)} per room) straight into the sandbox store`,
    );

    const roomIds = (
      await w.t.db
        .select({ roomId: integrationRooms.roomId })
        .from(integrationRooms)
        .where(eq(integrationRooms.integrationId, w.integrationId))
    ).map((r) => r.roomId);
    const countBookings = async () =>
      (await w.t.db.select({ n: count() }).from(bookings).where(inArray(bookings.roomId, roomIds)))[0]!.n;
    const before = await countBookings();
    const applied = await measured(`reconcile, ${seeded} changed events`);
    const created = (await countBookings()) - before;
    const again = await measured("reconcile, nothing changed (after events)");
    figure("idle-after-events", again);
    const peak = await runner.finish();
    emit({
      figure: "delta-apply",
      database: kind,
      events: seeded,
      answers: roomlinkAnswers,
      created,
      requests: applied.requests,
      ms: Math.round(applied.seconds * 1000),
      perSecond: Math.round(created / applied.seconds),
      targetPerSecond: 500,
    });
    emit({
      figure: "rss",
      database: kind,
      // Server database: the child process holding Roomlink alone; embedded: Roomlink, the sandbox tenant and PGlite in one.
      process: kind === "server" ? "roomlink" : "roomlink+sandbox+pglite",
      peakMb: Number(mb(peak)),
      startMb: kind === "server" ? null : Number(mb(startRss)),
      targetMb: kind === "server" ? 400 : null,
    });
    progress(
      [
        `RESULT database=${kind}, ${roomlinkAnswers ? "Roomlink answers for the rooms" : "rooms accept for themselves"}`,
        `  reconcile ${rooms} rooms, nothing changed: ${idle.requests} Graph HTTP requests (target ≤ ${targetRequests}), ${idle.seconds.toFixed(2)} s; after events: ${again.requests} requests, ${again.seconds.toFixed(2)} s`,
        `  every subscription due: ${renewal.requests} requests (${renewal.result.renewed} renewed, ${renewal.result.deferred} reads deferred to the next round); gone: ${recreate.requests} requests (${recreate.result.recreated} created)`,
        `  ${seeded} changed events: ${created} bookings created in ${applied.seconds.toFixed(2)} s = ${(created / applied.seconds).toFixed(0)} events/s (target ≥ 500), ${applied.requests} HTTP requests`,
        kind === "server"
          ? `  Roomlink process peak RSS: ${mb(peak)} MB (target < 400 MB; sandbox tenant in another process)`
          : `  peak RSS: ${mb(peak)} MB, ${mb(startRss)} MB of it before any work (one process: Roomlink + sandbox tenant + embedded PGlite database; run with DATABASE_URL for Roomlink alone)`,
      ].join("\n"),
    );
  } finally {
    await w.close();
  }
}

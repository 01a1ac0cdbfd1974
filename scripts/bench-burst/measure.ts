// The burst bench's two measurements against a running Deployment: a burst of Outlook meetings over
// the mapped rooms (creation → booking committed), and bookings saved one at a time (saved → Outlook
// event). Both on this machine's wall clock: the sandbox's createdDateTime and the bench's own clock.
import fs from "node:fs";
import { sleep, until, type Deployment } from "./deploy";
import { gt } from "../bench-faults/sandbox";

export const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

/** Slot n of a burst: room n % rooms, one hour each from 07:00 UTC, days after `firstDay`. */
function slot(n: number, rooms: number, firstDay: number): { room: number; start: Date; end: Date } {
  const k = Math.floor(n / rooms);
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + firstDay + Math.floor(k / 9));
  d.setUTCHours(7 + (k % 9), 0, 0, 0);
  return { room: n % rooms, start: d, end: new Date(d.getTime() + 30 * 60_000) };
}

/** Statements this process sent (polls), subtracted from the database's transaction count. */
let benchQueries = 0;

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

/** What the deployment's processes and its database spent: CPU per process, transactions committed. */
async function costs(d: Deployment): Promise<{ cpu: Record<string, number>; xacts: number }> {
  const [r] = await d.sql<{ n: string }[]>`
    select xact_commit::text as n from pg_stat_database where datname = current_database()`;
  return {
    cpu: { worker: cpuMs(d.worker.pid), app: cpuMs(d.app.pid), sandbox: cpuMs(d.sandbox.pid) },
    xacts: Number(r?.n ?? NaN),
  };
}

/** Days a burst of n meetings over `rooms` rooms spans (9 a day per room). */
export const burstDays = (n: number, rooms: number) => Math.ceil(n / rooms / 9) + 1;

/** No job due or running, nothing unpumped in the inbox or outbox: the worker has nothing to do. */
export async function quiet(d: Deployment): Promise<boolean> {
  benchQueries++;
  const [r] = await d.sql<{ n: number }[]>`select
      (select count(*) from jobs where state = 'running' or (state = 'pending' and run_after <= now()))::int
    + (select count(*) from inbox_notifications where processed_at is null)::int
    + (select count(*) from outbox where processed_at is null)::int as n`;
  return r?.n === 0;
}

export interface BurstResult {
  bench: "burst";
  meetings: number;
  rooms: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  drainMs: number;
  lost: number;
  duplicated: number;
  /** How long the bench took to create the meetings in the sandbox (the burst itself). */
  createMs: number;
  /**
   * Where a meeting's time went, p50 of each step (ms): created → its first notification stored by the
   * app (`delivered`), → its job queued by the worker's pump (`queued`), → its booking's transaction
   * began (`booked`: claim wait, event read, checks), → seen committed by the bench (`committed`).
   */
  stagesP50Ms: Record<"delivered" | "queued" | "booked" | "committed", number>;
  /** CPU ms each process spent on the burst (until the queue was quiet), and database transactions per meeting. */
  cpuMs: Record<string, number>;
  xactsPerMeeting: number;
  /** Jobs the burst caused, by kind, and how many attempts they took. */
  jobs: Record<string, { n: number; attempts: number; deferred: number }>;
}

/**
 * `n` meetings over the mapped rooms, created as Outlook users would (their organizer's calendar,
 * inviting the room), from every organizer at once within Exchange's 4 concurrent requests per
 * mailbox. Each meeting's latency: its event's createdDateTime (sandbox) → the first poll (every
 * `pollMs` ms) that sees its booking committed.
 */
export async function burst(
  d: Deployment,
  n: number,
  opts: { firstDay: number; pollMs?: number; timeoutMs?: number; log: (m: string) => void },
): Promise<BurstResult> {
  const rooms = d.world.rooms.length;
  const prefix = `Burst ${n}.${opts.firstDay} #`;
  const pollMs = opts.pollMs ?? 25;
  const created = new Map<string, number>(); // title → createdDateTime (ms)
  const seen = new Map<string, number>(); // title → when the bench first saw its booking
  const [mark] = await d.sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from jobs`;
  const jobsFrom = mark?.id ?? 0;
  const before = await costs(d);
  const benchBefore = benchQueries;
  let creating = true;
  let deadline = Infinity;
  const poller = (async () => {
    while (creating || seen.size < created.size) {
      const rows = await d.sql<{ title: string }[]>`select title from bookings where title like ${`${prefix}%`}`;
      benchQueries++;
      const now = Date.now();
      for (const r of rows) if (!seen.has(r.title)) seen.set(r.title, now);
      if (!creating && Date.now() > deadline) break;
      await sleep(pollMs);
    }
  })();
  const t0 = Date.now();
  let next = 0;
  // Each organizer: at most 4 requests in flight (Exchange's per-mailbox concurrency for one app).
  const perOrganizer = async (organizer: string) => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const s = slot(i, rooms, opts.firstDay);
      const room = d.world.rooms[s.room];
      if (!room) throw new Error(`no room ${s.room}`);
      const title = `${prefix}${i}`;
      const ev = await d.sb.graph<{ createdDateTime: string }>("POST", `/users/${organizer}/events`, {
        subject: title,
        start: gt(s.start),
        end: gt(s.end),
        attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
      });
      created.set(title, Date.parse(ev.createdDateTime));
    }
  };
  await Promise.all(d.organizers.flatMap((o) => [0, 1, 2, 3].map(() => perOrganizer(o))));
  const createMs = Date.now() - t0;
  opts.log(`burst of ${n}: created in ${createMs} ms by ${d.organizers.length} organizers`);
  deadline = Date.now() + (opts.timeoutMs ?? 120_000 + n * 200);
  creating = false;
  await poller;
  const lat: number[] = [];
  for (const [title, at] of created) {
    const s = seen.get(title);
    if (s !== undefined) lat.push(s - at);
  }
  const firstCreated = Math.min(...created.values());
  const lastSeen = Math.max(...seen.values());
  // Wait until the echoes (the room's answers, notified back) are through, then count exactly.
  await until("queue quiet after the burst", 120_000, () => quiet(d), 250).catch(() => opts.log("queue not quiet"));
  await sleep(1_000); // the server's statistics are flushed within a second
  const after = await costs(d);
  const counts = await d.sql<{ title: string; n: number }[]>`
    select title, count(*)::int as n from bookings where title like ${`${prefix}%`} group by title`;
  const byTitle = new Map(counts.map((c) => [c.title, c.n]));
  let lost = 0;
  let duplicated = 0;
  for (const title of created.keys()) {
    const c = byTitle.get(title) ?? 0;
    if (c === 0) lost++;
    else duplicated += c - 1;
  }
  const stageRows = await d.sql<{ title: string; received: number; queued: number; booked: number }[]>`
    select b.title, extract(epoch from b.created_at) * 1000 as booked,
      (select extract(epoch from min(i.received_at)) * 1000 from inbox_notifications i
        where i.event_id = l.event_id and lower(i.mailbox) = lower(l.mailbox)) as received,
      (select extract(epoch from min(j.created_at)) * 1000 from jobs j where j.name = 'sync.inbound-event'
        and j.key = l.integration_id || '|' || lower(l.mailbox) || '|' || l.event_id) as queued
    from bookings b join event_links l on l.booking_id = b.id where b.title like ${`${prefix}%`}`;
  const steps = {
    delivered: [] as number[],
    queued: [] as number[],
    booked: [] as number[],
    committed: [] as number[],
  };
  for (const r of stageRows) {
    const at = created.get(r.title);
    const s = seen.get(r.title);
    if (at === undefined || s === undefined) continue;
    const [rec, q, b] = [Number(r.received), Number(r.queued), Number(r.booked)];
    steps.delivered.push(rec - at);
    steps.queued.push(q - rec);
    steps.booked.push(b - q);
    steps.committed.push(s - b);
  }
  const jobRows = await d.sql<{ name: string; n: number; attempts: number; deferred: number }[]>`
    select name, count(*)::int as n, sum(attempts)::int as attempts,
           count(*) filter (where last_error is not null)::int as deferred
      from jobs where id > ${jobsFrom} group by name order by name`;
  return {
    bench: "burst",
    meetings: n,
    rooms,
    p50Ms: Math.round(pct(lat, 50)),
    p99Ms: Math.round(pct(lat, 99)),
    maxMs: Math.round(Math.max(...lat)),
    drainMs: Math.round(lastSeen - firstCreated),
    lost,
    duplicated,
    createMs,
    stagesP50Ms: {
      delivered: Math.round(pct(steps.delivered, 50)),
      queued: Math.round(pct(steps.queued, 50)),
      booked: Math.round(pct(steps.booked, 50)),
      committed: Math.round(pct(steps.committed, 50)),
    },
    cpuMs: Object.fromEntries(Object.entries(after.cpu).map(([k, v]) => [k, Math.round(v - (before.cpu[k] ?? NaN))])),
    xactsPerMeeting: Math.round(((after.xacts - before.xacts - (benchQueries - benchBefore) - 2) / n) * 10) / 10,
    jobs: Object.fromEntries(jobRows.map((r) => [r.name, { n: r.n, attempts: r.attempts, deferred: r.deferred }])),
  };
}

export interface OutboundResult {
  bench: "outbound";
  bookings: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lost: number;
}

/**
 * `count` Roomlink bookings, one at a time, through lib/bookings/service in this process against the
 * deployment's database: the outbox hook adds the row and `NOTIFY roomlink_jobs` in the booking's own
 * transaction, exactly as the app's server action does, so the worker process is woken at commit. Before
 * each: the queue quiet (the previous write's echo is not what wakes the worker), then a varying gap
 * so writes land at every point of the worker's 1 s poll. Latency: the commit (createBooking returned,
 * this process's clock) → the room event's createdDateTime (sandbox clock, same machine).
 */
export async function outbound(
  d: Deployment,
  count: number,
  opts: { firstDay: number; log: (m: string) => void },
): Promise<OutboundResult> {
  const lat: number[] = [];
  let lost = 0;
  const rooms = d.world.rooms.length;
  for (let i = 0; i < count; i++) {
    await until("quiet before an outbound write", 60_000, () => quiet(d), 50);
    await sleep(150 + ((i * 397) % 1000));
    const s = slot(i, rooms, opts.firstDay);
    const room = d.world.rooms[s.room];
    if (!room) throw new Error(`no room ${s.room}`);
    const id = await d.world.createBooking(room, `Outbound ${opts.firstDay}.${i}`, s.start, s.end);
    const saved = Date.now();
    const eventId = await until(
      "booking's event in Outlook",
      30_000,
      async () => {
        const [b] = await d.sql<{ ev: string | null }[]>`
          select custom_fields->>'external_id' as ev from bookings where id = ${id}`;
        return b?.ev;
      },
      20,
    ).catch(() => undefined);
    if (!eventId) {
      lost++;
      continue;
    }
    const ev = await d.sb.graph<{ createdDateTime: string }>(
      "GET",
      `/users/${encodeURIComponent(room.upn)}/events/${encodeURIComponent(eventId)}?$select=createdDateTime`,
    );
    lat.push(Date.parse(ev.createdDateTime) - saved);
  }
  return {
    bench: "outbound",
    bookings: count,
    p50Ms: Math.round(pct(lat, 50)),
    p99Ms: Math.round(pct(lat, 99)),
    maxMs: Math.round(Math.max(...lat)),
    lost,
  };
}

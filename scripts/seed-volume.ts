// The admin UI's volume dataset (issue 13): 1,000 rooms in 10 buildings, 500 customers, 100,000
// bookings over a year (one per room and day at most, on whole hours so many share a start), an
// active application-mode integration mapping every room with one subscription each, 50,000
// sync-log rows, a few open problems. Bulk SQL (generate_series) into an already migrated database.
// Used by scripts/bench-ui.ts; standalone: `DATABASE_URL=… tsx scripts/seed-volume.ts` (the database
// must be migrated and empty; prints the admin sign-in as JSON).
import { randomBytes } from "node:crypto";
import type { Sql } from "postgres";

export interface VolumeSize {
  rooms: number;
  customers: number;
  bookings: number;
  syncLog: number;
}

export const DEFAULT_VOLUME: VolumeSize = { rooms: 1000, customers: 500, bookings: 100_000, syncLog: 50_000 };

export interface VolumeSeed {
  admin: { email: string; password: string };
  integrationId: string;
  bookingId: string;
  /** Today in Europe/Amsterdam (YYYY-MM-DD): the day view's busiest kind of day. */
  today: string;
}

export async function seedVolume(sql: Sql, passwordHash: string, password: string, size = DEFAULT_VOLUME) {
  const email = "bench-admin@roomlink.test";
  await sql`insert into users (email, name, password_hash, role) values (${email}, 'Bench Admin', ${passwordHash}, 'admin')`;
  await sql`
    insert into booking_statuses (key, name, name_nl, color, blocks_room, is_cancelled, needs_approval, sort_order) values
      ('confirmed', 'Confirmed', 'Bevestigd', '#16a34a', true, false, false, 0),
      ('tentative', 'Tentative', 'Voorlopig', '#f59e0b', true, false, true, 1),
      ('cancelled', 'Cancelled', 'Geannuleerd', '#64748b', false, true, false, 2)`;
  await sql`
    insert into rooms (name, capacity, building, time_zone)
    select 'Room ' || lpad(g::text, 4, '0'), 4 + (g % 20) * 2, 'Building ' || chr(65 + g % 10), 'Europe/Amsterdam'
    from generate_series(1, ${size.rooms}::int) g`;
  await sql`
    insert into customers (name, email, organisation)
    select 'Customer ' || lpad(g::text, 4, '0'), 'customer' || g || '@example.test', 'Organisation ' || (g % 50)
    from generate_series(1, ${size.customers}::int) g`;
  // Booking i: room i % R; the k-th booking of a room (k = i / R) lies 3k + room days after the year's
  // start (distinct per room for k < 122), on hour 8 + (room + k) % 9 local, one hour long.
  await sql`
    with r as (select array_agg(id order by name) a, count(*)::int n from rooms),
         c as (select array_agg(id order by email) a, count(*)::int n from customers),
         s as (select array_agg(id order by sort_order) a from booking_statuses),
         y as (select (date_trunc('day', now() at time zone 'Europe/Amsterdam') - interval '182 days') d)
    insert into bookings (room_id, start_at, end_at, title, status_id, customer_id, organizer_email, attendee_count, notes, created_at)
    select r.a[1 + i % r.n],
      ((y.d + make_interval(days => ((i / r.n) * 3 + i % r.n) % 365, hours => 8 + (i % r.n + i / r.n) % 9)) at time zone 'Europe/Amsterdam'),
      ((y.d + make_interval(days => ((i / r.n) * 3 + i % r.n) % 365, hours => 9 + (i % r.n + i / r.n) % 9)) at time zone 'Europe/Amsterdam'),
      (array['Planning', 'Review', 'Standup', 'Workshop', 'Interview', 'Training', 'Board meeting'])[1 + i % 7] || ' ' || i,
      s.a[case when i % 50 = 0 then 3 when i % 33 = 0 then 2 else 1 end],
      case when i % 5 < 3 then c.a[1 + i % c.n] end,
      'person' || (i % 2000) || '@contoso.test',
      1 + i % 12,
      case when i % 10 = 0 then 'Catering for ' || (i % 30) || ' people' end,
      now() - interval '200 days'
    from generate_series(0, ${size.bookings - 1}::int) i, r, c, s, y`;
  const [integration] = await sql<{ id: string }[]>`
    insert into integrations (name, mode, state, cloud, tenant_id, client_id, connected_at, activated_at, last_sync_at, consented_at)
    values ('Outlook (volume)', 'application', 'active', 'sandbox', ${randomBytes(8).toString("hex")}, ${randomBytes(8).toString("hex")}, now(), now(), now(), now())
    returning id`;
  if (!integration) throw new Error("the integration was not inserted");
  const iid = integration.id;
  await sql`
    insert into integration_rooms (integration_id, mailbox_upn, room_id, access_status, access_checked_at)
    select ${iid}, lower(replace(name, ' ', '')) || '@contoso.test', id,
      case when row_number() over (order by name) % 97 = 0 then 'ErrorAccessDenied' else 'ok' end, now()
    from rooms`;
  await sql`
    insert into subscriptions (integration_id, integration_room_id, graph_id, resource, mailbox, client_state_sealed, expires_at, last_renewed_at, last_notification_at)
    select ${iid}, ir.id, md5(ir.id::text), 'users/' || ir.mailbox_upn || '/events', ir.mailbox_upn, 'sealed',
      now() + case when row_number() over (order by ir.mailbox_upn) % 113 = 0 then interval '-1 hour' else interval '2 days' end,
      now() - interval '1 day', now() - interval '5 minutes'
    from integration_rooms ir where ir.integration_id = ${iid}`;
  await sql`
    insert into calendar_sync_state (integration_id, mailbox, delta_link, last_reconcile_at, last_reconcile_changes, initial_sync_started_at, initial_sync_done_at, initial_imported)
    select ${iid}, mailbox_upn, 'https://graph.example/delta', now() - interval '10 minutes', 0, now() - interval '1 day', now() - interval '1 day', 100
    from integration_rooms where integration_id = ${iid}`;
  await sql`
    with m as (select array_agg(mailbox_upn order by mailbox_upn) a, count(*)::int n from integration_rooms where integration_id = ${iid})
    insert into sync_log (integration_id, at, direction, action, outcome, message, mailbox, duration_ms)
    select ${iid}, now() - make_interval(secs => i * 50), (array['inbound', 'outbound', 'reconcile', 'subscription'])[1 + i % 4],
      (array['create', 'update', 'delete', 'renew'])[1 + i % 4], case when i % 40 = 0 then 'failed' else 'ok' end,
      'Volume row ' || i, m.a[1 + i % m.n], 20 + i % 300
    from generate_series(1, ${size.syncLog}::int) i, m`;
  await sql`
    insert into problems (integration_id, kind, subject, message)
    select ${iid}, 'access_denied', mailbox_upn, 'Access to the room mailbox was denied'
    from integration_rooms where integration_id = ${iid} and access_status <> 'ok'`;
  await sql`analyze`;
  const [booking] = await sql<
    { id: string }[]
  >`select id from bookings order by start_at desc, id limit 1 offset ${Math.floor(size.bookings / 2)}`;
  const [day] = await sql<{ d: string }[]>`select to_char(now() at time zone 'Europe/Amsterdam', 'YYYY-MM-DD') d`;
  if (!booking || !day) throw new Error("the volume seed left no booking");
  const seed: VolumeSeed = { admin: { email, password }, integrationId: iid, bookingId: booking.id, today: day.d };
  return seed;
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("set DATABASE_URL to a migrated, empty database");
  const { default: postgres } = await import("postgres");
  const { hashPassword } = await import("@/lib/auth/password");
  const password = randomBytes(12).toString("base64url");
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    process.stdout.write(`${JSON.stringify(await seedVolume(sql, await hashPassword(password), password))}\n`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (process.argv[1]?.endsWith("seed-volume.ts")) await main();

// The booking list at volume: keyset pages in (start, room name, id) order, so a page costs the
// same whether it is the first or the 4,000th and no row is lost or repeated when many bookings
// share a start; a total counted only up to a cap; search through indexes (trigram on the server
// database, see db/migrations/0012) and the room/customer pickers' search.
import { and, asc, count, desc, eq, gt, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bookingStatuses, bookings, customers, rooms } from "@/db/schema";
import { dayRange } from "./time";
import { selectViewsOrdered, type BookingView } from "./views";

/** Counting stops here: "more than 1,000 bookings" is all an admin needs to know. */
export const TOTAL_CAP = 1000;

export interface BookingListFilter {
  roomId?: string;
  statusId?: string;
  customerId?: string;
  /** Searches title, organizer e-mail, notes, customer name and organisation. */
  q?: string;
  /** Local dates (YYYY-MM-DD), inclusive, taken in Europe/Amsterdam unless `timeZone`. */
  from?: string;
  to?: string;
  timeZone?: string;
  includeCancelled?: boolean;
  /** The page after this cursor (a row's `cursorOf`), or the page before one, or the last page. */
  after?: string;
  before?: string;
  last?: boolean;
  pageSize?: number;
}

export interface BookingListPage {
  rows: BookingView[];
  /** Matching bookings, counted up to TOTAL_CAP; `totalCapped` when there are more. */
  total: number;
  totalCapped: boolean;
  pageSize: number;
  /** Cursors for the neighbouring pages; null at either end. */
  prev: string | null;
  next: string | null;
}

type Key = { start: Date; room: string; id: string };

export function cursorOf(b: { startAt: Date; roomName: string; id: string }): string {
  return Buffer.from(JSON.stringify([b.startAt.toISOString(), b.roomName, b.id])).toString("base64url");
}

/** A cursor from a URL; anything malformed reads as none (the first page). */
export function parseCursor(raw: string | undefined): Key | null {
  if (!raw || raw.length > 600) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [s, room, id] = v as unknown[];
    if (typeof s !== "string" || typeof room !== "string" || typeof id !== "string") return null;
    const start = new Date(s);
    if (Number.isNaN(start.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { start, room, id };
  } catch {
    return null;
  }
}

/** Escape LIKE wildcards: a search for "50%" means the text, not a pattern. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Customers whose name or organisation contains the search text: the list then matches their
 * bookings by id (an index lookup the planner can OR with the trigram indexes; a subquery in the
 * OR made it filter every booking instead).
 */
export async function customersMatching(d: Db, q: string | undefined): Promise<string[]> {
  const text = q?.trim();
  if (!text) return [];
  const like = likePattern(text);
  const rows = await d
    .select({ id: customers.id })
    .from(customers)
    .where(or(ilike(customers.name, like), ilike(customers.organisation, like)));
  return rows.map((r) => r.id);
}

/** The list's WHERE; `customerIds` are the search's matching customers (customersMatching). */
export function listConditions(f: BookingListFilter, customerIds: string[] = []): SQL | undefined {
  const zone = f.timeZone ?? "Europe/Amsterdam";
  const conds: Array<SQL | undefined> = [
    f.includeCancelled || f.statusId ? undefined : eq(bookingStatuses.isCancelled, false),
  ];
  if (f.roomId) conds.push(eq(bookings.roomId, f.roomId));
  if (f.statusId) conds.push(eq(bookings.statusId, f.statusId));
  if (f.customerId) conds.push(eq(bookings.customerId, f.customerId));
  if (f.from) conds.push(gt(bookings.endAt, dayRange(f.from, zone).start));
  if (f.to) conds.push(lt(bookings.startAt, dayRange(f.to, zone).end));
  const q = f.q?.trim();
  if (q) {
    const like = likePattern(q);
    // Each column on its own (as the old joined search did): a trigram index each on the server,
    // the matching customers' bookings through bookings_customer_idx.
    conds.push(
      or(
        ilike(bookings.title, like),
        ilike(bookings.organizerEmail, like),
        ilike(bookings.notes, like),
        customerIds.length ? inArray(bookings.customerId, customerIds) : undefined,
      ),
    );
  }
  return and(...conds);
}

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const afterKey = (k: Key) =>
  and(
    sql`${bookings.startAt} >= ${ts(k.start)}`,
    sql`(${bookings.startAt}, ${rooms.name}, ${bookings.id}) > (${ts(k.start)}, ${k.room}, ${k.id}::uuid)`,
  );
const beforeKey = (k: Key) =>
  and(
    sql`${bookings.startAt} <= ${ts(k.start)}`,
    sql`(${bookings.startAt}, ${rooms.name}, ${bookings.id}) < (${ts(k.start)}, ${k.room}, ${k.id}::uuid)`,
  );

async function use(db?: Db): Promise<Db> {
  if (db) return db;
  const { getDb } = await import("@/db/client");
  return getDb();
}

export async function listBookingsPage(f: BookingListFilter = {}, db?: Db): Promise<BookingListPage> {
  const d = await use(db);
  const pageSize = Math.min(200, Math.max(1, Math.floor(f.pageSize ?? 25)));
  const where = listConditions(f, await customersMatching(d, f.q));
  const after = parseCursor(f.after);
  const before = after ? null : parseCursor(f.before);
  const backwards = !!before || (!after && !!f.last);
  const keyset = after ? afterKey(after) : before ? beforeKey(before) : undefined;
  const [fetched, total] = await Promise.all([
    selectViewsOrdered(
      d,
      and(where, keyset),
      backwards
        ? [desc(bookings.startAt), desc(rooms.name), desc(bookings.id)]
        : [asc(bookings.startAt), asc(rooms.name), asc(bookings.id)],
      pageSize + 1,
    ),
    cappedTotal(d, where),
  ]);
  const more = fetched.length > pageSize;
  const page = fetched.slice(0, pageSize);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  // Going forward, a page before exists when we came from one; going back, when more rows were there.
  const hasPrev = backwards ? more : !!after;
  const hasNext = backwards ? !!before : more;
  return {
    rows: page,
    total: total.n,
    totalCapped: total.capped,
    pageSize,
    prev: hasPrev && first ? cursorOf(first) : null,
    next: hasNext && last ? cursorOf(last) : null,
  };
}

async function cappedTotal(d: Db, where: SQL | undefined) {
  const limited = d
    .select({ one: sql`1`.as("one") })
    .from(bookings)
    .innerJoin(bookingStatuses, eq(bookings.statusId, bookingStatuses.id))
    .where(where)
    .limit(TOTAL_CAP + 1)
    .as("limited");
  const [row] = await d.select({ n: count() }).from(limited);
  const n = Number(row?.n ?? 0);
  return { n: Math.min(n, TOTAL_CAP), capped: n > TOTAL_CAP };
}

export type PickerKind = "room" | "activeRoom" | "customer";

/** The pickers: rooms (all, or active ones) or customers whose name (or building, customer e-mail/organisation) contains `q`. */
export async function searchPickerOptions(kind: PickerKind, q: string, limit = 20, db?: Db) {
  const d = await use(db);
  const like = likePattern(q.trim());
  if (kind !== "customer") {
    return d
      .select({ id: rooms.id, label: rooms.name, hint: rooms.building })
      .from(rooms)
      .where(
        and(
          kind === "activeRoom" ? eq(rooms.active, true) : undefined,
          or(ilike(rooms.name, like), ilike(rooms.building, like)),
        ),
      )
      .orderBy(asc(rooms.name))
      .limit(limit);
  }
  return d
    .select({ id: customers.id, label: customers.name, hint: customers.organisation })
    .from(customers)
    .where(or(ilike(customers.name, like), ilike(customers.email, like), ilike(customers.organisation, like)))
    .orderBy(asc(customers.name))
    .limit(limit);
}

/** The label a picker shows for the id in the URL. */
export async function pickerLabel(kind: "room" | "customer", id: string | undefined, db?: Db) {
  if (!id) return null;
  const d = await use(db);
  const table = kind === "room" ? rooms : customers;
  const [row] = await d
    .select({ id: table.id, label: table.name })
    .from(table)
    .where(inArray(table.id, [id]));
  return row ?? null;
}

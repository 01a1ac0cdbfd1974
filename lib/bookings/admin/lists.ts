// One page of the admin lists that grow with the customer (customers, rooms with their policies):
// a search and 50 rows at a time, never the whole table (issue 13: 1,000 rooms, thousands of customers).
import { asc, count, desc, eq, ilike, or } from "drizzle-orm";
import { getDb, type Db } from "@/db/client";
import { customers, roomPolicies, rooms } from "@/db/schema";
import { likePattern } from "../list";

export interface PageQuery {
  q?: string;
  offset?: number;
  limit?: number;
}

function bounds(f: PageQuery) {
  return {
    limit: Math.min(200, Math.max(1, Math.floor(f.limit ?? 50))),
    offset: Math.max(0, Math.floor(f.offset ?? 0)),
    q: f.q?.trim() || undefined,
  };
}

/** Customers by name (then id, so pages never overlap), searched on name, e-mail and organisation. */
export async function listCustomersPage(f: PageQuery = {}, db?: Db) {
  const d = db ?? (await getDb());
  const { limit, offset, q } = bounds(f);
  const like = q ? likePattern(q) : null;
  const where = like
    ? or(ilike(customers.name, like), ilike(customers.email, like), ilike(customers.organisation, like))
    : undefined;
  const [rows, [counted]] = await Promise.all([
    d.select().from(customers).where(where).orderBy(asc(customers.name), asc(customers.id)).limit(limit).offset(offset),
    d.select({ n: count() }).from(customers).where(where),
  ]);
  return { rows, total: Number(counted?.n ?? 0), offset, limit };
}

/** Rooms with their policy, active rooms first and by name, searched on name and building. */
export async function listPoliciesPage(f: PageQuery = {}, db?: Db) {
  const d = db ?? (await getDb());
  const { limit, offset, q } = bounds(f);
  const like = q ? likePattern(q) : null;
  const where = like ? or(ilike(rooms.name, like), ilike(rooms.building, like)) : undefined;
  const [rows, [counted]] = await Promise.all([
    d
      .select()
      .from(rooms)
      .leftJoin(roomPolicies, eq(roomPolicies.roomId, rooms.id))
      .where(where)
      .orderBy(desc(rooms.active), asc(rooms.name), asc(rooms.id))
      .limit(limit)
      .offset(offset),
    d.select({ n: count() }).from(rooms).where(where),
  ]);
  return {
    rows: rows.map((r) => ({ ...r.rooms, policy: r.room_policies })),
    total: Number(counted?.n ?? 0),
    offset,
    limit,
  };
}

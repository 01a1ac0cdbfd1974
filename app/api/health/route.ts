import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { databaseKind, getDb } from "@/db/client";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = Date.now();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({
      status: "ok",
      database: { kind: await databaseKind(), status: "ok", latencyMs: Date.now() - started },
    });
  } catch (err) {
    // Anyone can call this: the database's own message (host names, users) stays in the log, the
    // answer carries only the reference to find it there.
    const ref = randomUUID().slice(0, 8);
    log.error({ err, ref }, "health check: database unreachable");
    return Response.json(
      { status: "error", database: { status: "unreachable", ref } },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}

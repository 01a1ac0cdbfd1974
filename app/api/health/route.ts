import { sql } from "drizzle-orm";
import { databaseKind, getDb } from "@/db/client";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = Date.now();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    return Response.json({ status: "ok", database: { kind: await databaseKind(), status: "ok", latencyMs: Date.now() - started } });
  } catch (err) {
    log.error({ err }, "health check: database unreachable");
    return Response.json({ status: "error", database: { status: "unreachable", error: (err as Error).message } }, { status: 503 });
  }
}

// The one database handle: postgres-js when DATABASE_URL is set, else embedded PGlite under
// DATA_DIR. Migrations apply on first use; the handle survives Next's hot reload via globalThis.
import fs from "node:fs";
import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const MIGRATIONS_DIR = path.join(process.cwd(), "db", "migrations");

type Handle = { db: Db; kind: "embedded" | "server"; close: () => Promise<void> };
const g = globalThis as unknown as { __roomlinkDb?: Promise<Handle> };

/** Another live process holds the embedded database directory. */
export class EmbeddedDatabaseLockedError extends Error {
  override name = "EmbeddedDatabaseLockedError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Refuse a second process on the same PGlite directory: PGlite itself does not lock it. */
export function acquireDirLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, "roomlink.lock");
  try {
    const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new EmbeddedDatabaseLockedError(
        `Another Roomlink process (pid ${pid}) is using the embedded database in ${dataDir}. ` +
          `Stop that process first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.`,
      );
    }
  } catch (e) {
    if (e instanceof EmbeddedDatabaseLockedError) throw e;
    // no lock file, or an unreadable one: take it
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => {
    try {
      if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function openEmbedded(dataDir: string | null): Promise<Handle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  let release = () => {};
  let client;
  if (dataDir) {
    // PGlite does not create parent folders.
    fs.mkdirSync(dataDir, { recursive: true });
    release = acquireDirLock(dataDir);
    client = new PGlite(path.join(dataDir, "pgdata"));
  } else {
    client = new PGlite();
  }
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
  return {
    db,
    kind: "embedded",
    close: async () => {
      await client.close();
      release();
    },
  };
}

export async function openServer(url: string, opts: { max?: number } = {}): Promise<Handle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const client = postgres(url, { max: opts.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
  await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
  return { db, kind: "server", close: () => client.end({ timeout: 5 }) };
}

async function open(): Promise<Handle> {
  const started = Date.now();
  const handle = env.DATABASE_URL
    ? await openServer(env.DATABASE_URL)
    : await openEmbedded(path.resolve(env.DATA_DIR, "db"));
  log.info({ kind: handle.kind, ms: Date.now() - started }, "database ready");
  if (handle.kind === "embedded") {
    const shutdown = () => void handle.close().finally(() => process.exit(0));
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  }
  return handle;
}

/** The app's database. First call opens it and applies migrations. */
export async function getDb(): Promise<Db> {
  g.__roomlinkDb ??= open().catch((e) => {
    g.__roomlinkDb = undefined;
    throw e;
  });
  return (await g.__roomlinkDb).db;
}

/**
 * The open server database's postgres-js client (LISTEN/NOTIFY need it), or null on the embedded
 * database or while no database is open: this never opens one.
 */
export async function serverClient(): Promise<Sql | null> {
  const h = g.__roomlinkDb;
  if (!h) return null;
  const { db, kind } = await h;
  return kind === "server" ? (db as unknown as { $client: Sql }).$client : null;
}

export async function databaseKind(): Promise<"embedded" | "server"> {
  await getDb();
  return (await g.__roomlinkDb!).kind;
}

/** Tests and scripts: use this handle as the app's database. */
export function useDatabase(handle: Handle | null): void {
  g.__roomlinkDb = handle ? Promise.resolve(handle) : undefined;
}

export async function closeDb(): Promise<void> {
  const h = g.__roomlinkDb;
  g.__roomlinkDb = undefined;
  if (h) await (await h).close();
}

export { schema };

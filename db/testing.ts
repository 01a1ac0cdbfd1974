// Test databases: a fresh in-memory PGlite, or a fresh database on the PostgreSQL server named by
// DATABASE_URL (created per test file, dropped after). Integration tests run on every kind here.
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { openEmbedded, openServer, useDatabase, type Db } from "./client";

export type DbKind = "embedded" | "server";

/** Kinds to run integration tests on: always embedded, plus the server when DATABASE_URL is set. */
export const testDbKinds: DbKind[] = env.DATABASE_URL ? ["embedded", "server"] : ["embedded"];

export interface TestDb {
  kind: DbKind;
  db: Db;
  close(): Promise<void>;
}

export async function createTestDb(kind: DbKind): Promise<TestDb> {
  if (kind === "embedded") {
    const h = await openEmbedded(null);
    return { kind, db: h.db, close: h.close };
  }
  const { default: postgres } = await import("postgres");
  const admin = postgres(env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  const name = `roomlink_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(env.DATABASE_URL!);
  url.pathname = `/${name}`;
  const h = await openServer(url.toString(), { max: 4 });
  return {
    kind,
    db: h.db,
    close: async () => {
      await h.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Create a test database and make it the app's `getDb()` for code under test. */
export async function createAppTestDb(kind: DbKind): Promise<TestDb> {
  const t = await createTestDb(kind);
  useDatabase({ db: t.db, kind: t.kind, close: () => t.close() });
  return t;
}

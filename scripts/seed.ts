// `npm run seed`: put the demo data into the configured database (embedded or DATABASE_URL) if it
// is empty, and print the demo sign-in. Running it again on a filled database changes nothing.
import { closeDb, getDb } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { log } from "@/lib/log";

async function main(): Promise<void> {
  const result = await seedDemo(await getDb());
  if (result.seeded) {
    process.stdout.write(
      `Demo data seeded.\n  admin:  ${result.admin.email} / ${result.admin.password}\n  viewer: ${result.viewer.email} / ${result.viewer.password}\n`,
    );
  } else {
    process.stdout.write("The database already holds data; nothing seeded.\n");
  }
}

main()
  .catch((e) => {
    log.error({ err: e }, "seeding failed");
    process.exitCode = 1;
  })
  .finally(() => closeDb());

// Tables of the admin app's defences: the sign-in throttle (rate-limiter-flexible's Drizzle store,
// shared by every app process on the server database) and forged webhook notifications counted per
// subscription per hour, so a flood of forgeries is one counter, not one sync-log row each.
import { bigint, integer, primaryKey, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { integrations } from "./integrations";

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The shape RateLimiterDrizzle reads and writes: key, points, expire (null: never). */
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text("key").primaryKey(),
  points: integer("points").notNull().default(0),
  expire: ts("expire"),
});

export const forgedNotifications = pgTable(
  "forged_notifications",
  {
    integrationId: uuid("integration_id")
      .notNull()
      .references(() => integrations.id, { onDelete: "cascade" }),
    subscriptionId: text("subscription_id").notNull(),
    periodStart: ts("period_start").notNull(),
    count: integer("count").notNull().default(0),
    lastAt: ts("last_at").notNull().defaultNow(),
    /** The one sync-log line of this period that the admin sees, rewritten with the running count. */
    syncLogId: bigint("sync_log_id", { mode: "number" }),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.periodStart] })],
);

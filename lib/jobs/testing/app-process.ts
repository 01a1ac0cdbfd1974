// An app process without Next for the schedule's process-layout tests (lib/jobs/schedule-processes.test.ts):
// the real start-up (lib/startup.ts: database, JOBS_IN_APP worker loop and schedules), nothing else.
// Run with tsx and the environment the test gives it; stops on SIGTERM after its running jobs.
import { startRoomlink } from "@/lib/startup";
import { startJobs } from "@/lib/jobs";

startRoomlink().then(
  () => {
    process.on("SIGTERM", () => {
      // startJobs() returns the loop startRoomlink started (it is idempotent per process).
      startJobs()
        .stop()
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    process.send?.({ ready: true });
  },
  (err: unknown) => {
    process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  },
);

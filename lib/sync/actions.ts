"use server";
// Server actions of the diagnostics page's sync part: reconcile now, and retry a dead-lettered job.
// Both go through action() (session, admin role, zod input).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, UserFacingError } from "@/lib/actions/safe-action";
import { getIntegration } from "@/lib/integrations/service";
import { wakeWorkers } from "@/lib/jobs/wake";
import { deadLettersFor, retryDeadLetter, runReconcileNow } from "./queries";

export const reconcileNowAction = action(
  { role: "admin", schema: z.object({ id: z.string().uuid() }) },
  async ({ id }) => {
    const i = await getIntegration(id);
    if (i.state !== "active" && i.state !== "needs_attention")
      throw new UserFacingError(
        "Activate the integration first: reconcile reads the calendars its subscriptions cover.",
      );
    const queued = await runReconcileNow(id);
    revalidatePath(`/integrations/${id}/diagnostics`);
    return { queued };
  },
);

export const retryDeadLetterAction = action(
  { role: "admin", schema: z.object({ id: z.string().uuid(), jobId: z.number().int().positive() }) },
  async ({ id, jobId }) => {
    // Only this integration's dead letters are retried from its page.
    if (!(await deadLettersFor(id, 1000)).some((j) => j.id === jobId))
      throw new UserFacingError("This job is no longer waiting for a retry.");
    await retryDeadLetter(jobId);
    wakeWorkers();
    revalidatePath(`/integrations/${id}/diagnostics`);
    return { retried: jobId };
  },
);

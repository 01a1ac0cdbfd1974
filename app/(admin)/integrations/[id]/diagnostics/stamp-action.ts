"use server";
// The diagnostics page polls this (every 15 s while visible) and re-renders only when it changed.
import { z } from "zod";
import { action } from "@/lib/actions/safe-action";
import { diagnosticsStamp } from "@/lib/integrations/queries/stamp";

export const diagnosticsStampAction = action({ role: "viewer", schema: z.object({ id: z.uuid() }) }, async ({ id }) =>
  diagnosticsStamp(id),
);

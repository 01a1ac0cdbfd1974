"use server";
// The sandbox tenant page's "Create a client secret": asks the sandbox's control API for a new
// secret on one of its app registrations (over HTTP, as every app-side sandbox call) and hands the
// value to the admin's browser once, as Entra's portal does. Never logged; a sandbox secret only.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, catalogMessage, UserFacingError } from "@/lib/actions/safe-action";
import { sandboxCloudAllowed } from "@/lib/env";
import { sandboxOrigin } from "./status";

export interface CreatedSandboxSecret {
  secretText: string;
  endDateTime: string;
}

export const createSandboxSecretAction = action(
  { role: "admin", schema: z.object({ clientId: z.string().regex(/^[\w-]{1,64}$/) }) },
  async ({ clientId }): Promise<CreatedSandboxSecret> => {
    if (!sandboxCloudAllowed()) throw new UserFacingError(catalogMessage("sandboxSecret", "err.production"));
    let res: Response;
    try {
      res = await fetch(`${sandboxOrigin()}/_sandbox/api/apps/${clientId}/secrets`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ displayName: "Roomlink" }),
        signal: AbortSignal.timeout(5000),
        cache: "no-store",
      });
    } catch (cause) {
      throw new UserFacingError(catalogMessage("sandboxSecret", "err.unreachable"), undefined, undefined, { cause });
    }
    if (!res.ok) throw new UserFacingError(catalogMessage("sandboxSecret", "err.refused", { status: res.status }));
    const s = (await res.json()) as { secretText: string; endDateTime: string };
    revalidatePath("/sandbox");
    return { secretText: s.secretText, endDateTime: s.endDateTime };
  },
);

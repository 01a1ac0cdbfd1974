"use server";
// Server actions of the integration screens: every one goes through action() (session, admin role,
// zod input) and hands over to the services; failures come back as advice codes, never raw errors.
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action, catalogMessage, UserFacingError, type ActionResult } from "@/lib/actions/safe-action";
import { IntegrationError } from "@/lib/graph/errors";
import { sandboxCloudAllowed } from "@/lib/env";
import { authSchema } from "./auth.schema";
import { startConsent } from "./consent";
import { connect, type ConnectResult } from "./connect";
import { createIntegration, findIntegration, getIntegration, saveAuthentication } from "./service";
import { activate, deactivate, deleteIntegration } from "./lifecycle";
import { saveGeneral, saveInbound } from "./config";
import { generalSchema, inboundSchema } from "./config.schema";
import { graphRooms } from "./graph-rooms";
import { checkSecretExpiry, runRoomChecks, webhookRoundTrip } from "./diagnostics";
import { checkMappedRooms, MAX_PER_CALL } from "./room-processing-check";

const idInput = z.object({ id: z.string().uuid() });

/** A form action: on success the browser goes to the new integration; a refusal (viewer, session ended) comes back typed. */
export async function createIntegrationAction(): Promise<ActionResult<never>> {
  const r = await action({ role: "admin", schema: z.object({}) }, async (_i, { user }) => createIntegration(user))({});
  if (r.ok) redirect(`/integrations/${r.data.id}/auth`);
  return r;
}

export const saveAuthAction = action({ role: "admin", schema: authSchema }, async (input, { user }) => {
  // A secret belongs to one app registration: a new client ID with the field empty would send the
  // old client's secret under the new id.
  // A new integration ("Add Outlook integration") is created on its first save, under the id its form
  // showed in the redirect URI: nothing is stored before the admin has entered anything.
  const before = await findIntegration(input.id);
  if (!before && !input.clientSecret.trim())
    throw new UserFacingError(catalogMessage("integrations", "err.secretRequired"), "clientSecret");
  if (
    before?.clientId &&
    before.clientId.toLowerCase() !== input.clientId.toLowerCase() &&
    !input.clientSecret.trim()
  ) {
    throw new UserFacingError(catalogMessage("integrations", "err.secretForNewClient"), "clientSecret");
  }
  if (input.cloud === "sandbox" && !sandboxCloudAllowed()) {
    throw new UserFacingError(catalogMessage("integrations", "err.sandboxInProduction"), "cloud");
  }
  if (!before) await createIntegration(user, { id: input.id, name: input.name, mode: input.mode, cloud: input.cloud });
  const row = await saveAuthentication(user, input);
  revalidatePath(`/integrations/${row.id}`, "layout");
  return { id: row.id };
});

/** Step 1: the consent URL (the client navigates there), or the advice why not. */
export const startConsentAction = action({ role: "admin", schema: idInput }, async ({ id }, { user }) => {
  try {
    return { url: await startConsent(id, user) };
  } catch (e) {
    if (e instanceof IntegrationError) return { advice: e.advice };
    throw e;
  }
});

export const connectAction = action(
  { role: "admin", schema: idInput },
  async ({ id }, { user }): Promise<ConnectResult> => {
    try {
      const r = await connect(id, user);
      revalidatePath(`/integrations/${id}`, "layout");
      return r;
    } catch (e) {
      if (e instanceof IntegrationError) return { ok: false, advice: e.advice };
      throw e;
    }
  },
);

export const deactivateAction = action({ role: "admin", schema: idInput }, async ({ id }, { user }) => {
  await deactivate(user, id);
  revalidatePath("/integrations", "layout");
  return { state: (await getIntegration(id)).state };
});

export const deleteIntegrationAction = action({ role: "admin", schema: idInput }, async ({ id }, { user }) => {
  await deleteIntegration(user, id);
  revalidatePath("/integrations", "layout");
  return { deleted: true };
});

export const saveGeneralAction = action({ role: "admin", schema: generalSchema }, async (input, { user }) => {
  await saveGeneral(user, input);
  revalidatePath(`/integrations/${input.id}`, "layout");
  return { saved: true };
});

export const saveInboundAction = action({ role: "admin", schema: inboundSchema }, async (input, { user }) => {
  const before = await getIntegration(input.id);
  await saveInbound(user, input);
  revalidatePath(`/integrations/${input.id}`, "layout");
  return { modeChanged: before.mode !== input.mode };
});

/**
 * After a save: what Exchange does with meetings in these mapped rooms (a slice of at most
 * MAX_PER_CALL mailboxes per call; the screen walks the mapping). Not connected yet: nothing to ask.
 */
export const checkRoomProcessingAction = action(
  { role: "admin", schema: idInput.extend({ mailboxes: z.array(z.string().max(320)).max(MAX_PER_CALL) }) },
  async ({ id, mailboxes }) => {
    const i = await getIntegration(id);
    if (!i.connectedAt) return { connected: false as const, rooms: [] };
    return { connected: true as const, rooms: await checkMappedRooms(i, mailboxes) };
  },
);

/** Save the inbound screen, then create the subscriptions. */
export const activateAction = action({ role: "admin", schema: inboundSchema }, async (input, { user }) => {
  await saveInbound(user, input);
  try {
    const r = await activate(user, input.id);
    revalidatePath(`/integrations/${input.id}`, "layout");
    return { ok: true as const, ...r };
  } catch (e) {
    if (e instanceof IntegrationError) return { ok: false as const, advice: e.advice, message: e.message };
    throw e;
  } finally {
    revalidatePath(`/integrations/${input.id}`, "layout");
  }
});

/** Room mailboxes from /places/microsoft.graph.room (optional Place.Read.All). */
export const listGraphRoomsAction = action({ role: "admin", schema: idInput }, async ({ id }) => {
  try {
    return { rooms: await graphRooms(await getIntegration(id)) };
  } catch (e) {
    if (e instanceof IntegrationError) return { advice: e.advice };
    throw e;
  }
});

export const runChecksAction = action({ role: "admin", schema: idInput }, async ({ id }) => {
  const i = await getIntegration(id);
  await checkSecretExpiry(i);
  const rooms = i.connectedAt ? await runRoomChecks(i) : [];
  revalidatePath(`/integrations/${id}/diagnostics`);
  return { rooms };
});

export const webhookTestAction = action({ role: "admin", schema: idInput }, async ({ id }) => webhookRoundTrip(id));

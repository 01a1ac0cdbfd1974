// Graph lifecycle notifications (reauthorizationRequired, subscriptionRemoved, missed): same
// checks as change notifications, persisted to the inbox; the queue renews, recreates or resyncs.
import { log } from "@/lib/log";
import { readBody, validationEcho } from "@/lib/sync/webhook/http";
import { acceptLifecycleNotifications, lifecyclePayload } from "@/lib/sync/webhook/intake";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const echo = validationEcho(req);
  if (echo) return echo;
  const { id } = await ctx.params;
  const body = await readBody(req, lifecyclePayload);
  if (!body.ok) return body.response;
  try {
    await acceptLifecycleNotifications(id, body.data);
  } catch (err) {
    log.error({ err, integrationId: id, area: "webhook" }, "could not persist lifecycle notifications");
    return new Response(null, { status: 503 });
  }
  return new Response(null, { status: 202 });
}

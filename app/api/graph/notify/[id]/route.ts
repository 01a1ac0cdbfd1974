// Graph change notifications for one integration: validation echo, then persist to the durable
// inbox and answer 202. Processing happens later in the queue (DESIGN §2 Inbound, §3).
import { log } from "@/lib/log";
import { readBody, validationEcho } from "@/lib/sync/webhook/http";
import { acceptChangeNotifications, changePayload } from "@/lib/sync/webhook/intake";

export const dynamic = "force-dynamic";

export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const echo = validationEcho(req);
  if (echo) return echo;
  const { id } = await ctx.params;
  const body = await readBody(req, changePayload);
  if (!body.ok) return body.response;
  try {
    await acceptChangeNotifications(id, body.data);
  } catch (err) {
    // Only a failed persist earns a 5xx: Graph then retries, which is what we want.
    log.error({ err, integrationId: id, area: "webhook" }, "could not persist notifications");
    return new Response(null, { status: 503 });
  }
  return new Response(null, { status: 202 });
}

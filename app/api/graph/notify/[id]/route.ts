// Graph change notifications for one integration: validation echo, then persist to the durable
// inbox and answer 202. Processing happens later in the queue (DESIGN §2 Inbound, §3). The same code
// path serves the lean listener on WEBHOOK_PORT (lib/sync/webhook/listener.ts).
import { webhookRoute } from "@/lib/sync/webhook/http";

export const dynamic = "force-dynamic";

export const POST = webhookRoute("notify");

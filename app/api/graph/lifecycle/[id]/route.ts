// Graph lifecycle notifications (reauthorizationRequired, subscriptionRemoved, missed): same
// checks as change notifications, persisted to the inbox; the queue renews, recreates or resyncs.
// The same code path serves the lean listener on WEBHOOK_PORT (lib/sync/webhook/listener.ts).
import { webhookRoute } from "@/lib/sync/webhook/http";

export const dynamic = "force-dynamic";

export const POST = webhookRoute("lifecycle");

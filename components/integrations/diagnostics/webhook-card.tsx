// Diagnostics: the notification URL and a validation round trip to it, as Graph makes one.
import { Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { WebhookView } from "@/lib/integrations/queries";
import { WebhookTest } from "./controls";

export async function WebhookCard({ view }: { view: WebhookView }) {
  const t = await getT("integrations");
  return (
    <Card title={t("diag.webhook")}>
      <WebhookTest id={view.integrationId} url={view.notificationUrl} />
    </Card>
  );
}

// Diagnostics: the newest notifications Graph delivered, and what became of each.
import { Badge, Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { NotificationRow } from "@/lib/integrations/queries";
import { diagnosticsFormat } from "./format";
import { TableHead } from "./table-head";

export async function NotificationsCard({ rows }: { rows: NotificationRow[] }) {
  const [t, f] = await Promise.all([getT("integrations"), diagnosticsFormat()]);
  return (
    <Card title={t("diag.notifications")}>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t("diag.notificationsEmpty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead
              cols={[
                t("diag.col.received"),
                t("diag.col.change"),
                t("diag.mailbox"),
                t("diag.col.event"),
                t("diag.col.outcome"),
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {rows.map((n) => (
                <tr key={n.id}>
                  <td className="py-1.5 pr-3 whitespace-nowrap">{f.dateTime(n.receivedAt)}</td>
                  <td className="py-1.5 pr-3">{n.change}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{n.mailbox}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs" title={n.eventId ?? undefined}>
                    {n.eventId ? `…${n.eventId.slice(-12)}` : "—"}
                  </td>
                  <td className="py-1.5">
                    {n.outcome !== null ? (
                      <Badge tone="green">{n.outcome}</Badge>
                    ) : (
                      <Badge tone="slate">{t("diag.inboxWaiting")}</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

// Diagnostics: per mailbox its room, subscription, last notification, access test and whether
// Exchange replaces subjects; then what to do about denied mailboxes and replaced subjects.
import { Alert, Badge, Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { RoomsView } from "@/lib/integrations/queries";
import { diagnosticsFormat } from "./format";
import { TableHead } from "./table-head";

export async function RoomsCard({ view }: { view: RoomsView }) {
  const [t, f] = await Promise.all([getT("integrations"), diagnosticsFormat()]);
  return (
    <Card title={t("diag.rooms")}>
      <div className="space-y-3">
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead
              cols={[
                t("diag.mailbox"),
                t("diag.room"),
                t("diag.subscription"),
                t("diag.expires"),
                t("diag.lastNotification"),
                t("diag.access"),
                t("diag.subject"),
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {view.rows.map((r) => (
                <tr key={r.mailbox}>
                  <td className="py-2 pr-3 font-mono text-xs">{r.label}</td>
                  <td className="py-2 pr-3">{r.room}</td>
                  <td className="py-2 pr-3 font-mono text-xs" title={r.subscription?.lastError ?? undefined}>
                    {r.subscription ? (
                      r.subscription.graphId
                    ) : r.invited ? (
                      <span className="font-sans text-slate-500">{t("diag.invited")}</span>
                    ) : (
                      <span className="text-slate-400">{t("diag.noSubscription")}</span>
                    )}
                  </td>
                  <td className="py-2 pr-3">{r.subscription ? f.dateTime(r.subscription.expiresAt) : "—"}</td>
                  <td className="py-2 pr-3">
                    {r.subscription?.lastNotificationAt ? f.dateTime(r.subscription.lastNotificationAt) : "—"}
                  </td>
                  <td className="py-2 pr-3">
                    {r.access === null ? (
                      <span className="text-slate-400">{t("diag.notTested")}</span>
                    ) : r.access === "ok" ? (
                      <Badge tone="green">{t("diag.accessOk")}</Badge>
                    ) : (
                      <Badge tone="red">
                        {t("diag.accessDenied")} ({r.access})
                      </Badge>
                    )}
                  </td>
                  <td className="py-2">
                    {r.replaced === null ? (
                      "—"
                    ) : r.replaced ? (
                      <Badge tone="amber">{t("diag.subjectReplaced")}</Badge>
                    ) : (
                      <Badge tone="green">{t("diag.subjectKept")}</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {view.denied.map((mailbox) => (
          <Alert key={`d-${mailbox}`} tone="error">
            {t("diag.deniedHelp", { mailbox, appId: view.appId })}
          </Alert>
        ))}
        {view.replaced.map((r) => (
          <Alert key={`s-${r.mailbox}`} tone="warning">
            {t("diag.subjectHelp", { mailbox: r.mailbox })}
            <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs">{r.command}</pre>
          </Alert>
        ))}
      </div>
    </Card>
  );
}

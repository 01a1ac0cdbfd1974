// Diagnostics: the scheduled reconcile (running or waiting, its last round, a failed scheduled
// round, parked mailboxes), "Reconcile now", and per calendar its last round and delta state.
import { Alert, Badge, Card } from "@/components/ui/card";
import { getLocale, getT } from "@/lib/i18n/server";
import { syncLogText, syncWords } from "@/lib/i18n/sync-log";
import type { ReconcileView } from "@/lib/integrations/queries";
import { ReconcileNowButton } from "./controls";
import { diagnosticsFormat } from "./format";
import { TableHead } from "./table-head";

export async function ReconcileCard({
  integrationId,
  view: r,
  canAct,
}: {
  integrationId: string;
  view: ReconcileView;
  canAct: boolean;
}) {
  const [t, tj, f, locale] = await Promise.all([getT("integrations"), getT("jobs"), diagnosticsFormat(), getLocale()]);
  return (
    <Card title={t("diag.reconcile")}>
      <div className="space-y-3 text-sm">
        <p className="text-slate-600">{t("diag.reconcileBody", { minutes: r.everyMinutes })}</p>
        <p>
          {r.state === "running" ? (
            <Badge tone="amber">{t("diag.reconcileRunning")}</Badge>
          ) : r.state === "queued" ? (
            <Badge tone="slate">{t("diag.reconcileWaiting")}</Badge>
          ) : null}
          {r.state !== "idle" ? " " : null}
          {r.last
            ? t("diag.reconcileLast", {
                when: f.ago(r.last.at),
                message: syncLogText(r.last.line, locale) || syncWords(locale).outcome(r.last.outcome),
              })
            : t("diag.reconcileNever")}
        </p>
        {r.failedRound ? (
          <Alert tone="error">
            {tj("roundFailed", {
              round: f.dateTime(r.failedRound.roundAt),
              when: f.dateTime(r.failedRound.at),
              error: r.failedRound.error,
            })}
          </Alert>
        ) : null}
        {r.parked.map((p) => (
          <Alert key={p.key} tone="warning">
            {tj("parked", { mailbox: p.mailbox, probes: p.probes, next: f.dateTime(p.nextProbeAt) })}
          </Alert>
        ))}
        <ReconcileNowButton id={integrationId} disabled={!canAct} />
        {r.calendars.length ? (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <TableHead
                cols={[
                  t("diag.calendar"),
                  t("diag.lastRound"),
                  t("diag.changes"),
                  t("diag.delta"),
                  t("diag.lastError"),
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {r.calendars.map((c) => (
                  <tr key={c.id}>
                    <td className="py-1.5 pr-3 font-mono text-xs">{c.label}</td>
                    <td className="py-1.5 pr-3 whitespace-nowrap">
                      {c.lastReconcileAt ? f.ago(c.lastReconcileAt) : "—"}
                    </td>
                    <td className="py-1.5 pr-3">{c.changes}</td>
                    <td className="py-1.5 pr-3">{c.hasDeltaLink ? t("diag.deltaHeld") : t("diag.deltaFull")}</td>
                    <td className="py-1.5 break-words text-red-700">
                      {c.lastError ? `${c.lastError.at ? `${f.ago(c.lastError.at)}: ` : ""}${c.lastError.text}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </Card>
  );
}

// Diagnostics: the job queue's depth and this integration's dead letters, each with Retry.
import { Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { QueueView } from "@/lib/integrations/queries";
import { RetryJobButton } from "./controls";
import { diagnosticsFormat } from "./format";

export async function QueueCard({
  integrationId,
  view: q,
  canAct,
}: {
  integrationId: string;
  view: QueueView;
  canAct: boolean;
}) {
  const [t, f] = await Promise.all([getT("integrations"), diagnosticsFormat()]);
  return (
    <Card title={t("diag.queue")}>
      <div className="space-y-3 text-sm">
        <p className="text-slate-600" data-testid="queue-summary">
          {t("diag.queueNow", { due: q.due, running: q.running, inbox: q.inboxPending })}
          {q.behindSince ? ` ${t("diag.queueDueSince", { date: f.dateTime(q.behindSince) })}` : ""}
        </p>
        {q.later ? (
          <p className="text-slate-600">
            {t("diag.queueLater", { later: q.later, date: q.nextLaterAt ? f.dateTime(q.nextLaterAt) : "—" })}
          </p>
        ) : null}
        <p className="text-slate-600">{t("diag.deadBody")}</p>
        {q.dead.length === 0 ? (
          <p className="text-slate-600">{t("diag.deadEmpty")}</p>
        ) : (
          <ul className="space-y-2">
            {q.dead.map((j) => (
              <li key={j.id} className="rounded-md border border-red-100 bg-red-50 px-3 py-2">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    <p className="font-medium text-red-900">
                      {j.name} · {t("diag.col.attempts")}: {j.attempts}
                      {j.finishedAt ? ` · ${f.dateTime(j.finishedAt)}` : ""}
                    </p>
                    <p className="break-words text-xs text-red-800">{j.lastError}</p>
                  </div>
                  <RetryJobButton id={integrationId} jobId={j.id} disabled={!canAct} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

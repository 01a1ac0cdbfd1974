// Diagnostics: the newest entries of the sync log (direction, action, outcome, what happened), in the
// admin's language.
import { Badge, Card } from "@/components/ui/card";
import { getLocale, getT } from "@/lib/i18n/server";
import { syncLogText, syncWords } from "@/lib/i18n/sync-log";
import type { SyncLogRow } from "@/lib/integrations/queries";
import { diagnosticsFormat } from "./format";
import { TableHead } from "./table-head";

export async function RecentSyncCard({ rows }: { rows: SyncLogRow[] }) {
  const [t, f, locale] = await Promise.all([getT("integrations"), diagnosticsFormat(), getLocale()]);
  const w = syncWords(locale);
  return (
    <Card title={t("diag.recent")}>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t("diag.recentEmpty")}</p>
      ) : (
        <table className="w-full text-sm">
          <TableHead
            cols={[
              t("diag.col.at"),
              t("diag.col.direction"),
              t("diag.col.action"),
              t("diag.col.outcome"),
              t("diag.col.message"),
            ]}
          />
          <tbody className="divide-y divide-slate-100">
            {rows.map((l) => (
              <tr key={l.id}>
                <td className="py-1.5 pr-3 whitespace-nowrap">{f.dateTime(l.at)}</td>
                <td className="py-1.5 pr-3">{w.direction(l.direction)}</td>
                <td className="py-1.5 pr-3">{w.action(l.action)}</td>
                <td className="py-1.5 pr-3">
                  <Badge tone={l.tone}>{w.outcome(l.outcome)}</Badge>
                </td>
                <td className="py-1.5 text-slate-600">
                  {[syncLogText(l.line, locale), l.mailbox].filter(Boolean).join(" · ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

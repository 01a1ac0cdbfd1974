// Diagnostics: open problems, each by its kind's title and advice in the admin's language
// (lib/integrations/problems.ts decides what a kind shows), with how often and since when.
import { Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { ProblemItem } from "@/lib/integrations/queries";
import { diagnosticsFormat } from "./format";

export async function ProblemsCard({ problems }: { problems: ProblemItem[] }) {
  const [t, f] = await Promise.all([getT("integrations"), diagnosticsFormat()]);
  return (
    <Card title={t("diag.problems")}>
      {problems.length === 0 ? (
        <p className="text-sm text-slate-600">{t("diag.problemsEmpty")}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {problems.map((p) => (
            <li key={p.id} className="rounded-md border border-red-100 bg-red-50 px-3 py-2">
              <p className="font-medium text-red-900">{t(p.title, { subject: p.subject })}</p>
              {p.advice ? <p className="mt-0.5 break-words text-red-800">{t(p.advice)}</p> : null}
              {p.command ? (
                <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs text-red-800">{p.command}</pre>
              ) : null}
              <p className="mt-0.5 break-words text-xs text-red-700" title={p.message}>
                {t("diag.occurrences", { count: p.occurrences, date: f.dateTime(p.firstAt) })}
                {p.emailed ? ` · ${t("diag.emailed")}` : ""}
                {p.detail !== null ? ` · ${p.detail}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

// The booking page's Outlook card: per integration, where this booking stands in Outlook and why,
// with its latest sync actions and a way to the integration's diagnostics.
import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { Locale } from "@/lib/i18n/define";
import { getT } from "@/lib/i18n/server";
import { syncLogText, syncWords } from "@/lib/i18n/sync-log";
import type { BookingOutlookRow, OutlookState } from "@/lib/sync/outbound/status";

const DOT = { ok: "bg-emerald-500", wait: "bg-amber-400", bad: "bg-red-500", off: "bg-slate-300" } as const;

export async function OutlookStatus({
  rows,
  locale,
  zone,
  admin,
}: {
  rows: BookingOutlookRow[];
  locale: Locale;
  zone: string;
  admin: boolean;
}) {
  const t = await getT("bookings");
  const fmt = new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: zone,
  });
  // Sync log rows store codes (direction, action, outcome, what happened); the card says them in words.
  const w = syncWords(locale);
  const words = (e: BookingOutlookRow["recent"][number]) => `${w.direction(e.direction)}: ${w.action(e.action)}`;
  const describe = (s: OutlookState): { dot: keyof typeof DOT; text: string; detail?: string | null } => {
    switch (s.kind) {
      case "written":
        return {
          dot: "ok",
          text: `${t("outlook.written", { mailbox: s.mailbox })}${s.series ? ` ${t("outlook.series")}` : ""}`,
          detail: fmt.format(s.at),
        };
      case "from-outlook":
        return { dot: "ok", text: t("outlook.fromOutlook", { mailbox: s.mailbox }) };
      case "queued":
        return { dot: "wait", text: t("outlook.queued", { n: s.attempts + 1 }), detail: s.lastError };
      case "failed":
        return {
          dot: "bad",
          text: t("outlook.failed"),
          detail: `${s.lastError ?? ""} ${admin ? t("outlook.retry") : ""}`.trim(),
        };
      case "not-written":
        return { dot: s.reason === "missing" ? "wait" : "off", text: t(`outlook.reason.${s.reason}`) };
    }
  };
  return (
    <Card title={t("outlook.title")}>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{t("outlook.none")}</p>
      ) : (
        <ul className="space-y-4" data-testid="outlook-status">
          {rows.map((r) => {
            const d = describe(r.state);
            return (
              <li key={r.integrationId} className="text-sm">
                <div className="flex items-baseline justify-between gap-2">
                  <p className="font-medium text-slate-800">{r.integrationName}</p>
                  {admin ? (
                    <Link
                      className="text-xs text-brand-600 underline"
                      href={`/integrations/${r.integrationId}/diagnostics`}
                    >
                      {t("outlook.diagnostics")}
                    </Link>
                  ) : null}
                </div>
                <p className="mt-1 flex items-start gap-2 text-slate-700">
                  <span aria-hidden className={`mt-1.5 inline-block h-2 w-2 shrink-0 rounded-full ${DOT[d.dot]}`} />
                  <span>
                    {d.text}
                    {d.detail ? <span className="block text-xs text-slate-500">{d.detail}</span> : null}
                  </span>
                </p>
                {r.recent.length ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-slate-500">{t("outlook.recent")}</summary>
                    <ol className="mt-1 space-y-1 text-xs text-slate-600">
                      {r.recent.map((e) => (
                        <li key={e.id}>
                          <span className="text-slate-500">{fmt.format(e.at)}</span> · {words(e)} ·{" "}
                          <span
                            className={
                              e.outcome === "ok"
                                ? "text-emerald-700"
                                : e.outcome === "failed" || e.outcome === "rejected"
                                  ? "text-red-700"
                                  : "text-slate-600"
                            }
                          >
                            {w.outcome(e.outcome)}
                          </span>
                          {e.message || e.code ? (
                            <span className="block text-slate-500">{syncLogText(e, locale)}</span>
                          ) : null}
                        </li>
                      ))}
                    </ol>
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

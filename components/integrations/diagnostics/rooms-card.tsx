// Diagnostics: a summary of all mailboxes first, then a page of them (problems first, searchable):
// per mailbox its room, subscription, last notification, access test and whether Exchange replaces
// subjects; then what to do about the shown denied mailboxes and replaced subjects.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Alert, Badge, Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { getT } from "@/lib/i18n/server";
import type { RoomsView } from "@/lib/integrations/queries";
import { diagnosticsFormat } from "./format";
import { TableHead } from "./table-head";

/** The diagnostics URL with the rooms card's search and page. */
function roomsHref(base: string, q: string, from: number) {
  const p = new URLSearchParams();
  if (q) p.set("rq", q);
  if (from > 0) p.set("rfrom", String(from));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

export async function RoomsCard({ view, base }: { view: RoomsView; base: string }) {
  const [t, f] = await Promise.all([getT("integrations"), diagnosticsFormat()]);
  const s = view.summary;
  const counts = [
    { n: s.denied, label: t("diag.sumDenied", { n: s.denied }), tone: "red" as const },
    { n: s.noSubscription, label: t("diag.sumNoSub", { n: s.noSubscription }), tone: "red" as const },
    { n: s.expired, label: t("diag.sumExpired", { n: s.expired }), tone: "red" as const },
    { n: s.failing, label: t("diag.sumFailing", { n: s.failing }), tone: "amber" as const },
    { n: s.replaced, label: t("diag.sumReplaced", { n: s.replaced }), tone: "amber" as const },
  ].filter((c) => c.n > 0);
  const shownTo = view.offset + view.rows.length;
  return (
    <Card title={t("diag.rooms")}>
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="diag-rooms-summary">
          <span className="font-medium text-slate-800">
            {s.total === 1 ? t("diag.summaryTotalOne") : t("diag.summaryTotal", { total: s.total })}
            {" · "}
            {s.problems === 0
              ? t("diag.summaryOk")
              : s.problems === 1
                ? t("diag.summaryProblemsOne")
                : t("diag.summaryProblems", { n: s.problems })}
          </span>
          {counts.map((c) => (
            <Badge key={c.label} tone={c.tone}>
              {c.label}
            </Badge>
          ))}
        </div>
        {s.total > view.limit || view.q ? (
          <div className="flex flex-wrap items-end justify-between gap-2">
            <form method="get" action={base} className="flex items-end gap-2" role="search">
              <div>
                <label htmlFor="diag-rq" className="mb-1 block text-xs font-medium text-slate-600">
                  {t("diag.roomsSearch")}
                </label>
                <Input id="diag-rq" name="rq" type="search" defaultValue={view.q} className="w-64" />
              </div>
              <button type="submit" className={buttonClass("secondary")}>
                {t("diag.search")}
              </button>
            </form>
            <nav className="flex items-center gap-2 text-sm text-slate-600" aria-label={t("diag.roomsPaging")}>
              <span>
                {view.matching
                  ? t("diag.roomsRange", { from: view.offset + 1, to: shownTo, total: view.matching })
                  : t("diag.roomsNone", { q: view.q })}
              </span>
              {view.offset > 0 ? (
                <Link
                  className={buttonClass("ghost")}
                  href={roomsHref(base, view.q, Math.max(0, view.offset - view.limit))}
                >
                  {t("diag.prev")}
                </Link>
              ) : null}
              {shownTo < view.matching ? (
                <Link className={buttonClass("ghost")} href={roomsHref(base, view.q, view.offset + view.limit)}>
                  {t("diag.next")}
                </Link>
              ) : null}
            </nav>
          </div>
        ) : null}
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

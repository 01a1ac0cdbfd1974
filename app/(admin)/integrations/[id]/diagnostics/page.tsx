import { notFound } from "next/navigation";
import { Alert, Badge, Card } from "@/components/ui/card";
import { AutoRefresh, ReconcileNowButton, RetryJobButton, RunChecksButton, WebhookTest } from "@/components/integrations/diagnostics-controls";
import { requireUser } from "@/lib/auth/session";
import { getLocale, getT } from "@/lib/i18n/server";
import type { MessageKey } from "@/lib/i18n/catalog";
import { checkConnection, diagnosticsData, secretExpiry } from "@/lib/integrations/diagnostics";
import { findIntegration } from "@/lib/integrations/service";
import { subscriptionUrls } from "@/lib/integrations/subscriptions";
import { env } from "@/lib/env";
import { parkedOf } from "@/lib/jobs/parking";
import { lastFailedRound, SCHEDULE_RECONCILE } from "@/lib/jobs/schedule";
import { deadLettersFor, queueDepth, recentInbox, reconcileProgress, reconcileStatus } from "@/lib/sync/queries";

export const dynamic = "force-dynamic";

export default async function DiagnosticsPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user, locale, t] = await Promise.all([params, requireUser(), getLocale(), getT("integrations")]);
  const i = await findIntegration(id);
  if (!i) notFound();
  const [conn, data, recon, calendars, queue, dead, inbox, failedRound, parked, tj] = await Promise.all([
    checkConnection(i), diagnosticsData(i.id, i.inboundRoomId), reconcileStatus(i.id), reconcileProgress(i.id), queueDepth(), deadLettersFor(i.id, 20), recentInbox(i.id, 10),
    lastFailedRound(SCHEDULE_RECONCILE), parkedOf(i.id), getT("jobs"),
  ]);
  const dt = new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
  const d = new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", { dateStyle: "medium" });
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const ago = (date: Date) => {
    const mins = Math.round((Date.now() - date.getTime()) / 60_000);
    return mins < 120 ? rtf.format(-mins, "minute") : mins < 2880 ? rtf.format(-Math.round(mins / 60), "hour") : rtf.format(-Math.round(mins / 1440), "day");
  };
  const secret = secretExpiry(i.clientSecretExpiresAt);
  const advice = (code?: string) => (code ? t(`advice.${code}` as MessageKey<"integrations">) : "");
  const notifyUrl = subscriptionUrls(i.id).notificationUrl;
  // Problems are stored in English (for e-mail); the screen shows them by kind in the admin's language.
  const problemTitle = (kind: string, subject: string) =>
    kind.startsWith("auth_")
      ? t("problem.auth")
      : ["mailbox_access_denied", "subject_replaced", "secret_expiring", "subscription_failed"].includes(kind)
        ? t(`problem.${kind}` as MessageKey<"integrations">, { subject })
        : t("problem.other");
  const problemAdvice = (kind: string) =>
    kind.startsWith("auth_") ? advice(kind.slice(5)) : kind === "mailbox_access_denied" ? advice("mailbox_access_denied") : kind === "secret_expiring" ? t("problem.secret_expiringAdvice") : "";
  const targets = i.mode === "application"
    ? data.rooms.map((r) => ({ mailbox: r.mailboxUpn, label: r.mailboxUpn, room: r.roomName, access: r.accessStatus, replaced: r.subjectReplaced, invited: false }))
    : [
      { mailbox: "me", label: i.connectedAccount ?? "me", room: data.inboundRoomName ?? "—", access: null as string | null, replaced: null as boolean | null, invited: false },
      // Delegated: room mailboxes the service account's events invite; read through its calendar, no subscription of their own.
      ...data.rooms.map((r) => ({ mailbox: r.mailboxUpn, label: r.mailboxUpn, room: r.roomName, access: null as string | null, replaced: null as boolean | null, invited: true })),
    ];
  const denied = targets.filter((r) => r.access && r.access !== "ok");
  const replaced = targets.filter((r) => r.replaced);
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <AutoRefresh />
        <RunChecksButton id={i.id} disabled={user.role !== "admin"} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("diag.connection")}>
          <div className="space-y-2 text-sm text-slate-700">
            {conn.ok ? <Alert tone="success">{t("diag.tokenOk")}</Alert> : <Alert tone="error" title={t("diag.tokenFailed")}>{advice(conn.advice)}</Alert>}
            {conn.permissions.length ? <p>{t("diag.permissions", { list: conn.permissions.join(", ") })}</p> : null}
            {i.connectedAccount ? <p>{t("diag.account", { account: i.connectedAccount })}</p> : null}
            {conn.tokenExpiresAt ? <p>{t("diag.tokenExpires", { date: dt.format(conn.tokenExpiresAt) })}</p> : null}
            {i.tokensRefreshedAt ? <p>{t("diag.refreshedAt", { ago: ago(i.tokensRefreshedAt) })}</p> : null}
            {i.connectedAt ? <p>{t("diag.connectedAt", { date: dt.format(i.connectedAt) })}</p> : null}
          </div>
        </Card>
        <Card title={t("diag.secret")}>
          {secret.level === "unknown" ? (
            <Alert tone="info">{t("diag.secretUnknown")}</Alert>
          ) : secret.level === "expired" ? (
            <Alert tone="error">{t("diag.secretExpired", { date: d.format(i.clientSecretExpiresAt!) })}</Alert>
          ) : secret.level === "ok" ? (
            <Alert tone="success">{t("diag.secretOk", { date: d.format(i.clientSecretExpiresAt!), days: secret.days ?? 0 })}</Alert>
          ) : (
            <Alert tone={secret.level === "warn30" ? "warning" : "error"}>{t("diag.secretWarn", { date: d.format(i.clientSecretExpiresAt!), days: Math.max(secret.days ?? 0, 0) })}</Alert>
          )}
        </Card>
      </div>
      <Card title={t("diag.rooms")}>
        <div className="space-y-3">
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <Head cols={[t("diag.mailbox"), t("diag.room"), t("diag.subscription"), t("diag.expires"), t("diag.lastNotification"), t("diag.access"), t("diag.subject")]} />
              <tbody className="divide-y divide-slate-100">
                {targets.map((r) => {
                  const sub = data.subscriptions.find((s) => s.mailbox.toLowerCase() === r.mailbox.toLowerCase());
                  return (
                    <tr key={r.mailbox}>
                      <td className="py-2 pr-3 font-mono text-xs">{r.label}</td>
                      <td className="py-2 pr-3">{r.room}</td>
                      <td className="py-2 pr-3 font-mono text-xs" title={sub?.lastError ?? undefined}>
                        {sub ? sub.graphId : r.invited ? <span className="font-sans text-slate-500">{t("diag.invited")}</span> : <span className="text-slate-400">{t("diag.noSubscription")}</span>}
                      </td>
                      <td className="py-2 pr-3">{sub ? dt.format(sub.expiresAt) : "—"}</td>
                      <td className="py-2 pr-3">{sub?.lastNotificationAt ? dt.format(sub.lastNotificationAt) : "—"}</td>
                      <td className="py-2 pr-3">
                        {r.access === null ? <span className="text-slate-400">{t("diag.notTested")}</span> : r.access === "ok" ? <Badge tone="green">{t("diag.accessOk")}</Badge> : <Badge tone="red">{t("diag.accessDenied")} ({r.access})</Badge>}
                      </td>
                      <td className="py-2">{r.replaced === null ? "—" : r.replaced ? <Badge tone="amber">{t("diag.subjectReplaced")}</Badge> : <Badge tone="green">{t("diag.subjectKept")}</Badge>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {denied.map((r) => (
            <Alert key={`d-${r.mailbox}`} tone="error">{t("diag.deniedHelp", { mailbox: r.mailbox, appId: i.clientId ?? "" })}</Alert>
          ))}
          {replaced.map((r) => (
            <Alert key={`s-${r.mailbox}`} tone="warning">
              {t("diag.subjectHelp", { mailbox: r.mailbox })}
              <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs">{`Set-CalendarProcessing -Identity ${r.mailbox} -AddOrganizerToSubject $false -DeleteSubject $false`}</pre>
            </Alert>
          ))}
        </div>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("diag.webhook")}>
          <WebhookTest id={i.id} url={notifyUrl} />
        </Card>
        <Card title={t("diag.problems")}>
          {data.problems.length === 0 ? (
            <p className="text-sm text-slate-600">{t("diag.problemsEmpty")}</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {data.problems.map((p) => (
                <li key={p.id} className="rounded-md border border-red-100 bg-red-50 px-3 py-2">
                  <p className="font-medium text-red-900">{problemTitle(p.kind, p.subject)}</p>
                  {problemAdvice(p.kind) ? <p className="mt-0.5 break-words text-red-800">{problemAdvice(p.kind)}</p> : null}
                  {p.kind === "subject_replaced" && p.advice ? <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs text-red-800">{p.advice}</pre> : null}
                  <p className="mt-0.5 break-words text-xs text-red-700" title={p.message}>
                    {t("diag.occurrences", { count: p.occurrences, date: dt.format(p.firstAt) })}
                    {p.emailedAt ? ` · ${t("diag.emailed")}` : ""}
                    {p.kind === "subscription_failed" ? ` · ${p.message}` : ""}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("diag.reconcile")}>
          <div className="space-y-3 text-sm">
            <p className="text-slate-600">{t("diag.reconcileBody", { minutes: env.RECONCILE_EVERY_MINUTES })}</p>
            <p>
              {recon.state === "running" ? <Badge tone="amber">{t("diag.reconcileRunning")}</Badge> : recon.state === "queued" ? <Badge tone="slate">{t("diag.reconcileWaiting")}</Badge> : null}
              {recon.state !== "idle" ? " " : null}
              {recon.last ? t("diag.reconcileLast", { when: ago(recon.last.at), message: recon.last.message ?? recon.last.outcome }) : t("diag.reconcileNever")}
            </p>
            {failedRound ? <Alert tone="error">{tj("roundFailed", { round: dt.format(failedRound.roundAt), when: dt.format(failedRound.finishedAt ?? failedRound.startedAt), error: failedRound.error ?? "" })}</Alert> : null}
            {parked.map((p) => <Alert key={p.groupKey} tone="warning">{tj("parked", { mailbox: p.mailbox, probes: p.probes, next: dt.format(p.nextProbeAt) })}</Alert>)}
            <ReconcileNowButton id={i.id} disabled={user.role !== "admin"} />
            {calendars.length ? (
              <div className="overflow-x-auto">
                <table className="w-full text-sm">
                  <Head cols={[t("diag.calendar"), t("diag.lastRound"), t("diag.changes"), t("diag.delta"), t("diag.lastError")]} />
                  <tbody className="divide-y divide-slate-100">
                    {calendars.slice(0, 50).map((c) => (
                      <tr key={c.id}>
                        <td className="py-1.5 pr-3 font-mono text-xs">{c.mailbox === "me" ? i.connectedAccount ?? "me" : c.mailbox}</td>
                        <td className="py-1.5 pr-3 whitespace-nowrap">{c.lastReconcileAt ? ago(c.lastReconcileAt) : "—"}</td>
                        <td className="py-1.5 pr-3">{c.lastReconcileChanges ?? 0}</td>
                        <td className="py-1.5 pr-3">{c.hasDeltaLink ? t("diag.deltaHeld") : t("diag.deltaFull")}</td>
                        <td className="py-1.5 break-words text-red-700">{c.lastError ? `${c.lastErrorAt ? `${ago(c.lastErrorAt)}: ` : ""}${c.lastError}` : ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
        </Card>
        <Card title={t("diag.queue")}>
          <div className="space-y-3 text-sm">
            <p className="text-slate-600">
              {t("diag.queueBody", { pending: queue.pending, running: queue.running, inbox: queue.inboxPending })}
              {queue.oldestPendingAt ? ` ${t("diag.queueOldest", { date: dt.format(queue.oldestPendingAt) })}` : ""}
            </p>
            <p className="text-slate-600">{t("diag.deadBody")}</p>
            {dead.length === 0 ? (
              <p className="text-slate-600">{t("diag.deadEmpty")}</p>
            ) : (
              <ul className="space-y-2">
                {dead.map((j) => (
                  <li key={j.id} className="rounded-md border border-red-100 bg-red-50 px-3 py-2">
                    <div className="flex items-start justify-between gap-2">
                      <div className="min-w-0">
                        <p className="font-medium text-red-900">{j.name} · {t("diag.col.attempts")}: {j.attempts}{j.finishedAt ? ` · ${dt.format(j.finishedAt)}` : ""}</p>
                        <p className="break-words text-xs text-red-800">{j.lastError ?? ""}</p>
                      </div>
                      <RetryJobButton id={i.id} jobId={j.id} disabled={user.role !== "admin"} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Card>
      </div>
      <Card title={t("diag.notifications")}>
        {inbox.length === 0 ? (
          <p className="text-sm text-slate-600">{t("diag.notificationsEmpty")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <Head cols={[t("diag.col.received"), t("diag.col.change"), t("diag.mailbox"), t("diag.col.event"), t("diag.col.outcome")]} />
              <tbody className="divide-y divide-slate-100">
                {inbox.map((n) => (
                  <tr key={n.id}>
                    <td className="py-1.5 pr-3 whitespace-nowrap">{dt.format(n.receivedAt)}</td>
                    <td className="py-1.5 pr-3">{n.kind === "change" ? n.changeType : n.kind}</td>
                    <td className="py-1.5 pr-3 font-mono text-xs">{n.mailbox === "me" ? i.connectedAccount ?? "me" : n.mailbox}</td>
                    <td className="py-1.5 pr-3 font-mono text-xs" title={n.eventId}>{n.eventId ? `…${n.eventId.slice(-12)}` : "—"}</td>
                    <td className="py-1.5">{n.processedAt ? <Badge tone="green">{n.outcome ?? "queued"}</Badge> : <Badge tone="slate">{t("diag.inboxWaiting")}</Badge>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={t("diag.recent")}>
        {data.recent.length === 0 ? (
          <p className="text-sm text-slate-600">{t("diag.recentEmpty")}</p>
        ) : (
          <table className="w-full text-sm">
            <Head cols={[t("diag.col.at"), t("diag.col.direction"), t("diag.col.action"), t("diag.col.outcome"), t("diag.col.message")]} />
            <tbody className="divide-y divide-slate-100">
              {data.recent.map((l) => (
                <tr key={l.id}>
                  <td className="py-1.5 pr-3 whitespace-nowrap">{dt.format(l.at)}</td>
                  <td className="py-1.5 pr-3">{l.direction}</td>
                  <td className="py-1.5 pr-3">{l.action}</td>
                  <td className="py-1.5 pr-3"><Badge tone={l.outcome === "ok" ? "green" : l.outcome === "failed" ? "red" : "slate"}>{l.outcome}</Badge></td>
                  <td className="py-1.5 text-slate-600">{l.message ?? ""}{l.mailbox ? ` · ${l.mailbox}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

/** A diagnostics table's column headings. */
function Head({ cols }: { cols: string[] }) {
  return (
    <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
      <tr>
        {cols.map((c, n) => (
          <th key={c} className={n < cols.length - 1 ? "py-1.5 pr-3" : "py-1.5"}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}

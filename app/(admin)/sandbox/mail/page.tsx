// Sandbox → Sent e-mail: what the demo mail catcher received from Roomlink (lib/mail/catcher.ts),
// newest first. Bodies are shown as text only; an HTML message is never rendered.
import Link from "next/link";
import { Alert, Badge, Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { getT } from "@/lib/i18n/server";
import { caughtMail, demoInbox, mailDelivery, smtpServerName } from "@/lib/mail/demo-inbox";
import { formatDateTime, zoneName } from "@/lib/time/format";
import { getTimeContext } from "@/lib/time/server";

export const dynamic = "force-dynamic";

export default async function SentMailPage() {
  // Times in the admin's zone, named under the list.
  const [t, time] = await Promise.all([getT("mail"), getTimeContext()]);
  const delivery = mailDelivery();
  const messages = caughtMail();
  return (
    <div className="max-w-5xl space-y-5">
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {t("page.title")} <Badge>{t("page.count", { count: messages.length })}</Badge>
          </span>
        }
        description={t("page.intro", { max: demoInbox()?.max ?? 200 })}
        actions={
          <Link href="/sandbox" className={buttonClass("secondary")}>
            {t("page.back")}
          </Link>
        }
      />
      {delivery === "smtp" ? <Alert tone="info">{t("page.smtp", { host: smtpServerName() ?? "" })}</Alert> : null}
      {delivery === "log" ? <Alert tone="warning">{t("page.off")}</Alert> : null}
      {messages.length === 0 ? (
        <EmptyState title={t("page.empty")} />
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100" data-testid="caught-mail">
            {messages.map((m) => (
              <li key={m.id} className="py-2">
                <details>
                  <summary className="grid cursor-pointer grid-cols-[11rem_1fr] gap-x-4 gap-y-0.5 text-sm">
                    <span className="text-slate-500">{formatDateTime(m.receivedAt, time, { seconds: true })}</span>
                    <span className="font-medium text-slate-900">{m.subject || t("page.noSubject")}</span>
                    <span className="text-xs text-slate-500">{t("page.from")}</span>
                    <span className="break-all text-xs text-slate-700">{m.from}</span>
                    <span className="text-xs text-slate-500">{t("page.to")}</span>
                    <span className="break-all text-xs text-slate-700">{m.to.join(", ")}</span>
                  </summary>
                  {m.hadHtml ? <p className="mt-2 text-xs text-slate-500">{t("page.html")}</p> : null}
                  <pre className="mt-2 whitespace-pre-wrap break-words rounded-md bg-slate-50 p-3 font-sans text-sm text-slate-800">
                    {m.text}
                  </pre>
                </details>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs text-slate-500">{t("page.received", { zone: zoneName(time.zone) })}</p>
        </Card>
      )}
    </div>
  );
}

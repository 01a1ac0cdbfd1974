import Link from "next/link";
import { CreateSandboxSecret } from "@/components/sandbox/create-secret";
import { Alert, Badge, Card, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { requireUser } from "@/lib/auth/session";
import { getLocale, getT } from "@/lib/i18n/server";
import { sandboxStatus } from "@/lib/sandbox-link/status";

export const dynamic = "force-dynamic";

export default async function SandboxPage() {
  const [t, ts, locale, s, user] = await Promise.all([
    getT("sandbox"),
    getT("sandboxSecret"),
    getLocale(),
    sandboxStatus(),
    requireUser(),
  ]);
  const date = (iso: string) =>
    new Date(iso).toLocaleDateString(locale === "nl" ? "nl-NL" : "en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
    });
  const link = (path: string, label: string) => (
    <a href={`${s.origin}${path}`} target="_blank" rel="noreferrer" className={buttonClass("secondary")}>
      {label}
    </a>
  );
  return (
    <div className="max-w-5xl space-y-5">
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {t("title")}{" "}
            <Badge tone={s.reachable ? "green" : "red"}>{s.reachable ? t("running") : t("notRunning")}</Badge>
          </span>
        }
        description={t("intro")}
      />
      {!s.reachable ? (
        <Alert tone="warning" title={s.error}>
          {t("notRunningHelp")}
        </Alert>
      ) : (
        <>
          <div className="flex flex-wrap gap-2">
            {link("/", t("openTenant"))}
            {link("/ui/", t("openOutlook"))}
            {link("/apps", t("openApps"))}
            {link("/ui/deliveries", t("openDeliveries"))}
            {link("/ui/faults", t("openFaults"))}
            <Link href="/sandbox/mail" className={buttonClass("secondary")}>
              {ts("sentMail")}
            </Link>
          </div>
          <div className="grid gap-5 lg:grid-cols-2">
            <Card title={t("tenant")}>
              <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
                <dt className="text-slate-500">{t("tenant")}</dt>
                <dd>{s.tenant?.displayName}</dd>
                <dt className="text-slate-500">{t("tenantId")}</dt>
                <dd className="font-mono text-xs" data-testid="sandbox-tenant-id">
                  {s.tenant?.id}
                </dd>
                <dt className="text-slate-500">{t("domain")}</dt>
                <dd className="font-mono text-xs">{s.tenant?.domain}</dd>
                <dt className="text-slate-500">{t("authority")}</dt>
                <dd className="break-all font-mono text-xs">{s.authority}</dd>
                <dt className="text-slate-500">{t("graphBaseUrl")}</dt>
                <dd className="font-mono text-xs">{s.graphBaseUrl}</dd>
              </dl>
            </Card>
            {s.apps.map((a) => (
              <Card key={a.clientId} title={`${t("app")}: ${a.displayName}`}>
                <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
                  <dt className="text-slate-500">{t("clientId")}</dt>
                  <dd className="font-mono text-xs" data-testid="sandbox-client-id">
                    {a.clientId}
                  </dd>
                  <dt className="text-slate-500">{t("adminConsent")}</dt>
                  <dd>
                    <Badge tone={a.adminConsent ? "green" : "amber"}>
                      {a.adminConsent ? t("granted") : t("notGranted")}
                    </Badge>
                  </dd>
                  <dt className="text-slate-500">{t("redirectUris")}</dt>
                  <dd className="space-y-1">
                    {a.redirectUris.length ? (
                      a.redirectUris.map((u) => (
                        <div key={u} className="break-all font-mono text-xs">
                          {u}
                        </div>
                      ))
                    ) : (
                      <span className="text-slate-500">{t("noRedirectUris")}</span>
                    )}
                  </dd>
                  <dt className="text-slate-500">{t("secrets")}</dt>
                  <dd className="space-y-1">
                    {a.secrets.map((x) => (
                      <div key={x.hint + x.endDateTime} className="text-xs">
                        {t("secretHint", { hint: x.hint, date: date(x.endDateTime) })}{" "}
                        {x.expired ? <Badge tone="red">{t("expired")}</Badge> : null}
                      </div>
                    ))}
                    {user.role === "admin" ? (
                      <CreateSandboxSecret
                        clientId={a.clientId}
                        appName={a.displayName}
                        tenantId={s.tenant?.id ?? ""}
                      />
                    ) : null}
                  </dd>
                </dl>
              </Card>
            ))}
          </div>
          <Card title={t("howTo")}>
            <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
              <li>{t("step1")}</li>
              <li>{t("step2")}</li>
              <li>{t("step3")}</li>
              <li>{t("step4")}</li>
            </ol>
          </Card>
          <div className="grid gap-5 lg:grid-cols-2">
            <Card title={t("rooms")}>
              <ul className="divide-y divide-slate-100 text-sm">
                {s.rooms.map((r) => (
                  <li key={r.userPrincipalName} className="flex items-center justify-between py-1.5">
                    <span>
                      {r.displayName} <span className="font-mono text-xs text-slate-500">{r.userPrincipalName}</span>
                    </span>
                    <span className="flex gap-1">
                      {r.capacity ? <Badge>{t("seats", { n: r.capacity })}</Badge> : null}
                      {r.addOrganizerToSubject ? <Badge tone="amber">{t("organizerSubject")}</Badge> : null}
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
            <Card title={t("users")}>
              <ul className="divide-y divide-slate-100 text-sm">
                {s.users.map((u) => (
                  <li key={u.userPrincipalName} className="py-1.5">
                    {u.displayName} <span className="font-mono text-xs text-slate-500">{u.userPrincipalName}</span>
                  </li>
                ))}
              </ul>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}

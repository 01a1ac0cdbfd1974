// Diagnostics: a token acquired now (its permissions and expiry) and the connection's dates.
import { Alert, Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { ConnectionView } from "@/lib/integrations/queries";
import { diagnosticsFormat } from "./format";

export async function ConnectionCard({ view: c }: { view: ConnectionView }) {
  const [t, f] = await Promise.all([getT("integrations"), diagnosticsFormat()]);
  return (
    <Card title={t("diag.connection")}>
      <div className="space-y-2 text-sm text-slate-700">
        {c.ok ? (
          <Alert tone="success">{t("diag.tokenOk")}</Alert>
        ) : (
          <Alert tone="error" title={t("diag.tokenFailed")}>
            {c.advice ? t(`advice.${c.advice}`) : ""}
          </Alert>
        )}
        {c.permissions.length ? <p>{t("diag.permissions", { list: c.permissions.join(", ") })}</p> : null}
        {c.account ? <p>{t("diag.account", { account: c.account })}</p> : null}
        {c.tokenExpiresAt ? <p>{t("diag.tokenExpires", { date: f.dateTime(c.tokenExpiresAt) })}</p> : null}
        {c.refreshedAt ? <p>{t("diag.refreshedAt", { ago: f.ago(c.refreshedAt) })}</p> : null}
        {c.connectedAt ? <p>{t("diag.connectedAt", { date: f.dateTime(c.connectedAt) })}</p> : null}
      </div>
    </Card>
  );
}

// Diagnostics: the client secret's expiry, louder 30, 7 and 1 days ahead.
import { Alert, Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { SecretView } from "@/lib/integrations/queries";
import { diagnosticsFormat } from "./format";

export async function SecretCard({ view: s }: { view: SecretView }) {
  const [t, f] = await Promise.all([getT("integrations"), diagnosticsFormat()]);
  return (
    <Card title={t("diag.secret")}>
      {s.level === "unknown" ? (
        <Alert tone="info">{t("diag.secretUnknown")}</Alert>
      ) : s.level === "expired" ? (
        <Alert tone="error">{t("diag.secretExpired", { date: f.dateOnly(s.expiresAt) })}</Alert>
      ) : s.level === "ok" ? (
        <Alert tone="success">{t("diag.secretOk", { date: f.dateOnly(s.expiresAt), days: s.days })}</Alert>
      ) : (
        <Alert tone={s.level === "warn30" ? "warning" : "error"}>
          {t("diag.secretWarn", { date: f.dateOnly(s.expiresAt), days: s.days })}
        </Alert>
      )}
    </Card>
  );
}

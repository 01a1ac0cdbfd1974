// Diagnostics: one line saying where this integration's problem e-mails go — an SMTP server, the
// demo mail catcher (with a link to read them), or, without SMTP_URL, only the server log.
import Link from "next/link";
import { getT } from "@/lib/i18n/server";
import { mailDelivery } from "@/lib/mail/demo-inbox";

export async function ProblemMailLine({ to }: { to: string | null }) {
  const t = await getT("mail");
  const delivery = mailDelivery();
  const text = !to ? t("diag.none") : t(`diag.${delivery}`, { to });
  const tone = to && delivery === "log" ? "text-amber-800" : "text-slate-600";
  return (
    <p className={`text-sm ${tone}`} data-testid="problem-mail-line">
      <span className="font-medium">{t("diag.label")}:</span> {text}
      {to && delivery === "catcher" ? (
        <>
          {" "}
          <Link href="/sandbox/mail" className="text-brand-700 underline">
            {t("diag.open")}
          </Link>
        </>
      ) : null}
    </p>
  );
}

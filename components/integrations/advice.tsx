"use client";
// Advice for an outcome or failure code, in the admin's language.
import { Alert } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/catalog";

const SUCCESS = new Set(["consented", "admin_consented", "connected"]);

export function useAdviceText() {
  const t = useT("integrations");
  return (code: string) => {
    if (code === "consented" || code === "admin_consented" || code === "session_ended" || code === "connected")
      return t(`outcome.${code}` as MessageKey<"integrations">);
    const key = `advice.${code}` as MessageKey<"integrations">;
    const text = t(key);
    return text === key ? t("advice.unknown") : text;
  };
}

/** `code` empty: the failure is `extra` alone (a refusal the action already worded, such as a session that ended). */
export function AdviceAlert({ code, extra }: { code: string; extra?: string }) {
  const text = useAdviceText();
  const t = useT("integrations");
  const ok = SUCCESS.has(code);
  return (
    <Alert tone={ok ? "success" : code === "throttled" ? "warning" : "error"} title={ok ? undefined : t("adv.title")}>
      {code ? text(code) : null}
      {extra ? <p className={code ? "mt-1" : undefined}>{extra}</p> : null}
    </Alert>
  );
}

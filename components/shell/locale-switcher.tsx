"use client";
// EN | NL toggle; the server re-renders in the chosen language.
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocale } from "@/lib/i18n/actions";
import { useLocale, useT } from "@/lib/i18n/client";
import { LOCALES } from "@/lib/i18n/define";

export function LocaleSwitcher() {
  const locale = useLocale();
  const t = useT("common");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="flex items-center gap-1 text-xs" aria-label={t("nav.language")} role="group">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          disabled={pending}
          aria-pressed={l === locale}
          onClick={() =>
            start(async () => {
              await setLocale(l);
              router.refresh();
            })
          }
          className={`rounded px-2 py-1 font-semibold uppercase ${l === locale ? "bg-slate-700 text-white" : "text-slate-300 hover:bg-slate-700/60"}`}
        >
          {l}
        </button>
      ))}
    </div>
  );
}

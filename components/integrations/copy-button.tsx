"use client";
// Copy a value to the clipboard, with a short "Copied" confirmation.
import { useState } from "react";
import { useT } from "@/lib/i18n/client";

export function CopyButton({ text, dark = false }: { text: string; dark?: boolean }) {
  const t = useT("integrations");
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1500);
        });
      }}
      className={`rounded px-2 py-1 text-xs font-medium ${dark ? "bg-slate-700 text-slate-100 hover:bg-slate-600" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
    >
      {done ? t("auth.copied") : t("auth.copy")}
    </button>
  );
}

"use client";
// Warn before leaving a form with unsaved changes (tab close / reload, and in-app link clicks).
import { useEffect } from "react";
import { useT } from "@/lib/i18n/client";

export function useUnsavedGuard(dirty: boolean) {
  const t = useT("common");
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    // Next's client navigation does not fire beforeunload: intercept same-origin link clicks.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!a || a.target === "_blank" || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey) return;
      if (new URL(a.href, location.href).origin !== location.origin) return;
      if (!window.confirm(t("common.unsavedChanges"))) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, t]);
}

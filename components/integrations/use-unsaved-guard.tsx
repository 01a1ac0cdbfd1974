"use client";
// Warn before leaving a form with unsaved changes: the browser's own prompt on tab close / reload,
// and an accessible dialog (not window.confirm) for in-app link clicks. Render the returned node.
import { useEffect, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useConfirm } from "@/components/ui/confirm-dialog";
import { useT } from "@/lib/i18n/client";

export function useUnsavedGuard(dirty: boolean): ReactNode {
  const t = useT("common");
  const router = useRouter();
  const [dialog, confirm] = useConfirm();
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    // Next's client navigation does not fire beforeunload: intercept same-origin link clicks.
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!a || a.target === "_blank" || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey) return;
      const url = new URL(a.href, location.href);
      if (url.origin !== location.origin) return;
      e.preventDefault();
      e.stopPropagation();
      void confirm({
        title: t("common.unsavedChanges"),
        confirmLabel: t("common.leave"),
        cancelLabel: t("common.stay"),
      }).then((leave) => {
        if (leave) router.push(url.pathname + url.search + url.hash);
      });
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, t, confirm, router]);
  return dialog;
}

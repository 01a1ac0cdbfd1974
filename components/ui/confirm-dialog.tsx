"use client";
// An accessible confirmation for destructive actions (Radix AlertDialog: focus trapped, Escape
// cancels, the question is the dialog's title), instead of window.confirm.
// Usage: const [dialog, confirm] = useConfirm(); … if (await confirm({ … })) …; render {dialog}.
import * as AlertDialog from "@radix-ui/react-alert-dialog";
import { useCallback, useRef, useState, type ReactNode } from "react";
import { useT } from "@/lib/i18n/client";
import { buttonClass } from "./button";

export interface ConfirmOptions {
  title: string;
  description?: string;
  confirmLabel: string;
  cancelLabel?: string;
  destructive?: boolean;
}

export function useConfirm(): [ReactNode, (o: ConfirmOptions) => Promise<boolean>] {
  const t = useT("common");
  const [open, setOpen] = useState<ConfirmOptions | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const confirm = useCallback(
    (o: ConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        resolver.current?.(false);
        resolver.current = resolve;
        setOpen(o);
      }),
    [],
  );
  const settle = (ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setOpen(null);
  };
  const dialog = (
    <AlertDialog.Root open={open !== null} onOpenChange={(o) => (o ? null : settle(false))}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(92vw,28rem)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none">
          <AlertDialog.Title className="text-base font-semibold text-slate-900">
            {open?.title ?? t("common.confirmTitle")}
          </AlertDialog.Title>
          {open?.description ? (
            <AlertDialog.Description className="mt-2 text-sm text-slate-600">
              {open.description}
            </AlertDialog.Description>
          ) : (
            <AlertDialog.Description className="sr-only">{open?.title ?? ""}</AlertDialog.Description>
          )}
          <div className="mt-5 flex justify-end gap-2">
            <AlertDialog.Cancel className={buttonClass("secondary")} onClick={() => settle(false)}>
              {open?.cancelLabel ?? t("common.cancel")}
            </AlertDialog.Cancel>
            <AlertDialog.Action
              className={buttonClass(open?.destructive === false ? "primary" : "danger")}
              onClick={() => settle(true)}
            >
              {open?.confirmLabel ?? t("common.yes")}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
  return [dialog, confirm];
}

"use client";
// Where confirmations of mutations appear (sonner): bottom right, announced politely to screen readers.
// Components call `notify.success(text)` / `notify.error(text)` after a server action answers.
import { Toaster as Sonner, toast } from "sonner";

export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton duration={5000} />;
}

export const notify = {
  success: (text: string) => toast.success(text),
  error: (text: string) => toast.error(text),
  /** An action's answer: its message when it failed, else the success text. */
  result: (r: { ok: boolean; message?: string }, success: string) =>
    r.ok ? toast.success(success) : toast.error(r.message ?? ""),
};

"use client";
// Shared form plumbing: translate zod message keys, and put a server action's field errors on fields.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { useT } from "@/lib/i18n/client";
import type { MessageKey } from "@/lib/i18n/catalog";

export function useErrorText() {
  const t = useT("integrations");
  return (message: string | undefined) => {
    if (!message) return undefined;
    return message.startsWith("err.") ? t(message as MessageKey<"integrations">) : message;
  };
}

export function applyFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string> | undefined,
) {
  for (const [field, message] of Object.entries(fieldErrors ?? {}))
    setError(field as Path<T>, { type: "server", message });
}

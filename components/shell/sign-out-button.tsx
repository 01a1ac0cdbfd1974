"use client";
import { signOut } from "next-auth/react";
import { useT } from "@/lib/i18n/client";

export function SignOutButton() {
  const t = useT("common");
  return (
    <button
      type="button"
      onClick={() => void signOut({ redirect: false }).then(() => window.location.assign("/login"))}
      className="text-xs text-slate-300 underline-offset-2 hover:text-white hover:underline"
    >
      {t("nav.signOut")}
    </button>
  );
}

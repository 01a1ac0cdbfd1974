"use client";
// Tabs of one integration: Authentication, Configuration, Inbound, Diagnostics.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useT } from "@/lib/i18n/client";

const TABS = [
  ["auth", "tab.auth"],
  ["config", "tab.config"],
  ["inbound", "tab.inbound"],
  ["diagnostics", "tab.diagnostics"],
] as const;

export function IntegrationTabs({ id }: { id: string }) {
  const t = useT("integrations");
  const path = usePathname() ?? "";
  return (
    <nav className="mb-6 flex gap-1 border-b border-slate-200" aria-label={t("list.title")}>
      {TABS.map(([seg, key]) => {
        const href = `/integrations/${id}/${seg}`;
        const active = path.startsWith(href);
        return (
          <Link
            key={seg}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm ${active ? "border-brand-600 font-semibold text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t(key)}
          </Link>
        );
      })}
    </nav>
  );
}

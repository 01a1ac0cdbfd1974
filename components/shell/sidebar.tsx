// The admin shell's navigation: booking side first, administration below.
import { getT } from "@/lib/i18n/server";
import type { SessionUser } from "@/lib/auth/session";
import { LocaleSwitcher } from "./locale-switcher";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";
import { ZoneSwitcher } from "./zone-switcher";

export async function Sidebar({ user }: { user: SessionUser }) {
  const t = await getT("common");
  return (
    <aside className="flex w-56 shrink-0 flex-col bg-slate-900 px-3 py-4 text-white">
      <div className="mb-6 flex items-center gap-2 px-2">
        <span className="inline-flex h-7 w-7 items-center justify-center rounded-md bg-brand-500 text-sm font-bold">
          R
        </span>
        <span className="text-base font-semibold tracking-tight">{t("appName")}</span>
      </div>
      <nav className="space-y-0.5">
        <NavLink href="/calendar">{t("nav.calendar")}</NavLink>
        <NavLink href="/bookings">{t("nav.bookings")}</NavLink>
      </nav>
      <p className="mt-6 px-3 text-[11px] font-semibold uppercase tracking-wider text-slate-500">
        {t("nav.administration")}
      </p>
      <nav className="mt-1 space-y-0.5">
        <NavLink href="/rooms">{t("nav.rooms")}</NavLink>
        <NavLink href="/customers">{t("nav.customers")}</NavLink>
        <NavLink href="/statuses">{t("nav.statuses")}</NavLink>
        <NavLink href="/policies">{t("nav.policies")}</NavLink>
        <NavLink href="/templates">{t("nav.templates")}</NavLink>
        <NavLink href="/integrations">{t("nav.integrations")}</NavLink>
        <NavLink href="/sandbox">{t("nav.sandbox")}</NavLink>
      </nav>
      <div className="mt-auto space-y-3 border-t border-slate-800 px-2 pt-4">
        <div>
          <p className="truncate text-sm font-medium" title={user.email}>
            {user.name || user.email}
          </p>
          <p className="text-xs text-slate-400">{t(user.role === "admin" ? "role.admin" : "role.viewer")}</p>
        </div>
        <div className="flex items-center justify-between">
          <LocaleSwitcher />
          <SignOutButton />
        </div>
        <ZoneSwitcher />
      </div>
    </aside>
  );
}

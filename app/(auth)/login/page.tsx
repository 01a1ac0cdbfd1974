import { redirect } from "next/navigation";
import { env } from "@/lib/env";
import { currentUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { getT } from "@/lib/i18n/server";
import { LoginForm } from "@/components/auth/login-form";
import { LocaleSwitcher } from "@/components/shell/locale-switcher";
import { ZoneSwitcher } from "@/components/shell/zone-switcher";
import { TimeProvider } from "@/lib/time/client";
import { getTimeContext } from "@/lib/time/server";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if (await currentUser()) redirect("/calendar");
  const [t, time, { callbackUrl }] = await Promise.all([getT("common"), getTimeContext(), searchParams]);
  // Only a path on our own origin as a browser would resolve it: never an open redirect.
  const target = safeCallbackPath(callbackUrl, env.baseUrl);
  return (
    <TimeProvider zone={time.zone} detected={time.detected}>
      <div className="flex min-h-screen items-center justify-center bg-slate-900 px-4">
        <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl">
          <div className="mb-5 flex items-center justify-between">
            <h1 className="text-lg font-semibold">{t("login.title")}</h1>
            <div className="rounded bg-slate-800 p-0.5">
              <LocaleSwitcher />
            </div>
          </div>
          {callbackUrl ? <p className="mb-4 text-sm text-slate-600">{t("login.required")}</p> : null}
          <LoginForm callbackUrl={target} />
          {env.demoMode ? (
            <p className="mt-5 rounded-md bg-slate-100 px-3 py-2 text-xs text-slate-600">
              {t("login.demo", { email: env.DEMO_ADMIN_EMAIL, password: env.DEMO_ADMIN_PASSWORD })}
            </p>
          ) : null}
          <div className="mt-4 flex justify-end">
            <ZoneSwitcher dark={false} />
          </div>
        </div>
      </div>
    </TimeProvider>
  );
}

// "Add Outlook integration": the authentication form first; the integration is created when it is
// saved (under the id chosen here, so the redirect URI shown is already the right one).
import { randomUUID } from "node:crypto";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { AuthForm } from "@/components/integrations/auth-form";
import { SelectedModeProvider } from "@/components/integrations/selected-mode";
import { requireUser } from "@/lib/auth/session";
import { sandboxCloudAllowed } from "@/lib/env";
import { getT } from "@/lib/i18n/server";
import { returnUrl } from "@/lib/integrations/service";

export default async function NewIntegrationPage() {
  const [user, t] = await Promise.all([requireUser(), getT("integrations")]);
  if (user.role !== "admin") redirect("/integrations");
  const id = randomUUID();
  return (
    <>
      <Link href="/integrations" className="text-sm text-brand-700 hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={t("new.title")} description={t("new.intro")} />
      <SelectedModeProvider>
        <AuthForm
          isNew
          integration={{
            id,
            name: "Outlook",
            cloud: "public",
            mode: "delegated",
            tenantId: null,
            clientId: null,
            clientSecretSetAt: null,
            clientSecretExpiresAt: null,
            hasSecret: false,
          }}
          returnUrl={returnUrl(id)}
          readOnly={false}
          sandboxAllowed={sandboxCloudAllowed()}
        />
      </SelectedModeProvider>
    </>
  );
}

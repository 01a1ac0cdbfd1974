import { notFound } from "next/navigation";
import { AuthForm } from "@/components/integrations/auth-form";
import { ConsentSteps } from "@/components/integrations/consent-steps";
import { SelectedModeProvider } from "@/components/integrations/selected-mode";
import { requireUser } from "@/lib/auth/session";
import { sandboxCloudAllowed } from "@/lib/env";
import { findIntegration, returnUrl } from "@/lib/integrations/service";
import { toPublic } from "@/lib/integrations/queries";

export default async function AuthPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ outcome?: string }>;
}) {
  const [{ id }, { outcome }, user] = await Promise.all([params, searchParams, requireUser()]);
  const i = await findIntegration(id);
  if (!i) notFound();
  const pub = toPublic(i);
  const readOnly = user.role !== "admin";
  return (
    <SelectedModeProvider>
      <div className="space-y-6">
        <ConsentSteps
          integration={pub}
          outcome={outcome && /^[a-z_]{2,40}$/.test(outcome) ? outcome : undefined}
          readOnly={readOnly}
        />
        <AuthForm
          integration={pub}
          returnUrl={returnUrl(i.id)}
          readOnly={readOnly}
          sandboxAllowed={sandboxCloudAllowed()}
        />
      </div>
    </SelectedModeProvider>
  );
}

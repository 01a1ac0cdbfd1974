import { notFound } from "next/navigation";
import { GeneralForm } from "@/components/integrations/general-form";
import { requireUser } from "@/lib/auth/session";
import { getLocale } from "@/lib/i18n/server";
import { configOptions, templatePreviews } from "@/lib/integrations/queries";
import { findIntegration } from "@/lib/integrations/service";
import { mailDelivery } from "@/lib/mail/demo-inbox";

export default async function ConfigPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user, locale] = await Promise.all([params, requireUser(), getLocale()]);
  const i = await findIntegration(id);
  if (!i) notFound();
  const [options, preview] = await Promise.all([configOptions(), templatePreviews(locale)]);
  return (
    <GeneralForm
      readOnly={user.role !== "admin"}
      mailDelivery={mailDelivery()}
      options={options}
      preview={preview}
      defaults={{
        id: i.id,
        bookingIdField: i.bookingIdField,
        templateId: i.templateId ?? "",
        createTeamsLink: i.createTeamsLink,
        teamsLinkField: i.teamsLinkField,
        useCustomerData: i.useCustomerData,
        createOnStatusIds: i.createOnStatusIds,
        deleteOnStatusIds: i.deleteOnStatusIds,
        problemEmail: i.problemEmail ?? "",
      }}
    />
  );
}

import { redirect } from "next/navigation";

export default async function IntegrationIndex({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  redirect(`/integrations/${id}/auth`);
}

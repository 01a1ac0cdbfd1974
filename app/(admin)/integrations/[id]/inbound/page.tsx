import { notFound } from "next/navigation";
import { InboundForm } from "@/components/integrations/inbound-form";
import { requireUser } from "@/lib/auth/session";
import { mappedRooms } from "@/lib/integrations/config";
import { configOptions } from "@/lib/integrations/queries";
import { findIntegration } from "@/lib/integrations/service";

export default async function InboundPage({ params }: { params: Promise<{ id: string }> }) {
  const [{ id }, user] = await Promise.all([params, requireUser()]);
  const i = await findIntegration(id);
  if (!i) notFound();
  const [options, mapping] = await Promise.all([configOptions(), mappedRooms(i.id)]);
  return (
    <InboundForm
      readOnly={user.role !== "admin"}
      options={options}
      connected={Boolean(i.connectedAt)}
      active={i.state === "active" || i.state === "needs_attention"}
      defaults={{
        id: i.id, mode: i.mode, rooms: mapping.map((m) => ({ mailboxUpn: m.mailboxUpn, roomId: m.roomId })), inboundRoomId: i.inboundRoomId ?? "",
        inboundStatusId: i.inboundStatusId ?? "", inboundStatusWithCustomerId: i.inboundStatusWithCustomerId ?? "", lockUpdateStatusIds: i.lockUpdateStatusIds,
        lockDeleteStatusIds: i.lockDeleteStatusIds, allowBookingUpdate: i.allowBookingUpdate, ignoreValidationOnUpdate: i.ignoreValidationOnUpdate,
      }}
    />
  );
}

import { CrudPanel } from "@/components/admin/crud-panel";
import { Alert, Badge, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listRooms } from "@/lib/bookings/queries";
import { getT } from "@/lib/i18n/server";
import { saveRoomAction } from "./actions";

export default async function RoomsPage() {
  const [user, t, tc] = await Promise.all([requireUser(), getT("admin"), getT("common")]);
  const rooms = await listRooms({ includeInactive: true });
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <PageHeader title={tc("nav.rooms")} description={t("rooms.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <CrudPanel
        testId="rooms"
        validate="room"
        canEdit={user.role === "admin"}
        columns={[
          t("rooms.name"),
          t("rooms.capacity"),
          t("rooms.timeZone"),
          t("rooms.hours"),
          t("rooms.building"),
          t("rooms.activeCol"),
        ]}
        rows={rooms.map((r) => ({
          id: r.id,
          title: r.name,
          cells: [
            <span key="n" className="font-medium text-slate-900">
              {r.name}
            </span>,
            t("rooms.people", { n: r.capacity }),
            r.timeZone,
            `${r.bookableFrom}–${r.bookableUntil}`,
            r.building ?? "—",
            r.active ? (
              <Badge key="a" tone="green">
                ✓
              </Badge>
            ) : (
              <Badge key="a">{t("rooms.inactive")}</Badge>
            ),
          ],
          values: {
            name: r.name,
            capacity: String(r.capacity),
            timeZone: r.timeZone,
            bookableFrom: r.bookableFrom,
            bookableUntil: r.bookableUntil,
            building: r.building ?? "",
            active: r.active,
          },
        }))}
        blank={{
          name: "",
          capacity: "8",
          timeZone: "Europe/Amsterdam",
          bookableFrom: "07:00",
          bookableUntil: "22:00",
          building: "",
          active: true,
        }}
        fields={[
          { name: "name", label: t("rooms.name"), kind: "text" },
          { name: "capacity", label: t("rooms.capacity"), kind: "number" },
          {
            name: "timeZone",
            label: t("rooms.timeZone"),
            kind: "select",
            options: zones.map((z) => ({ value: z, label: z })),
          },
          { name: "building", label: t("rooms.building"), kind: "text" },
          { name: "bookableFrom", label: t("rooms.bookableFrom"), kind: "time" },
          { name: "bookableUntil", label: t("rooms.bookableUntil"), kind: "time" },
          { name: "active", label: t("rooms.active"), kind: "checkbox", span: 2 },
        ]}
        labels={{
          add: t("rooms.add"),
          newTitle: t("rooms.new"),
          editTitle: t("rooms.edit", { name: "{name}" }),
          empty: t("rooms.empty"),
          emptyHint: t("rooms.emptyHint"),
          saved: t("rooms.saved"),
        }}
        save={saveRoomAction as never}
      />
    </>
  );
}

import { CrudPanel } from "@/components/admin/crud-panel";
import { LIST_PAGE_SIZE, ListControls, listParams, type ListSearchParams } from "@/components/admin/list-controls";
import { Alert, Badge, PageHeader } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { listRoomsPage } from "@/lib/bookings/queries";
import { getT } from "@/lib/i18n/server";
import { saveRoomAction } from "./actions";

type Search = Promise<ListSearchParams>;
const PAGE = LIST_PAGE_SIZE;

export default async function RoomsPage({ searchParams }: { searchParams: Search }) {
  const [user, t, tc, sp] = await Promise.all([requireUser(), getT("admin"), getT("common"), searchParams]);
  const { q, from } = listParams(sp);
  // Active rooms first: one just added (or being edited) is on the first page.
  const page = await listRoomsPage({ q, offset: from, limit: PAGE });
  const rooms = page.rows;
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <>
      <PageHeader title={tc("nav.rooms")} description={t("rooms.description")} />
      {user.role !== "admin" ? (
        <div className="mb-4">
          <Alert>{tc("common.readOnly")}</Alert>
        </div>
      ) : null}
      <ListControls
        base="/rooms"
        q={q}
        from={from}
        shown={rooms.length}
        total={page.total}
        pageSize={PAGE}
        label={t("rooms.search")}
        placeholder={t("rooms.searchPlaceholder")}
        note={t("rooms.order")}
      />
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
          empty: q ? t("list.noMatch", { q }) : t("rooms.empty"),
          emptyHint: q ? "" : t("rooms.emptyHint"),
          saved: t("rooms.saved"),
        }}
        save={saveRoomAction as never}
      />
    </>
  );
}

"use client";
// Room mailbox ↔ Roomlink room rows (application: the calendars read; delegated: the mailboxes
// invited). Light rows (two uncontrolled inputs each, rooms via one shared datalist), and only a
// page of them on screen (searchable; rows with errors on request) so 1,000 mappings stay small;
// every row stays in the form and is saved. Optional picks from Microsoft 365.
import { useMemo, useState, useTransition } from "react";
import {
  useFieldArray,
  useWatch,
  type Control,
  type FieldErrors,
  type UseFormRegister,
  type UseFormSetValue,
} from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useT } from "@/lib/i18n/client";
import { listGraphRoomsAction } from "@/lib/integrations/actions";
import type { InboundInput } from "@/lib/integrations/config.schema";
import { useAdviceText } from "./advice";
import { useErrorText } from "./form-support";

type Room = { id: string; name: string };

/** Rows on screen at a time. */
const PAGE = 50;

export function RoomMapping({
  integrationId,
  control,
  register,
  setValue,
  errors,
  rooms,
  disabled,
}: {
  integrationId: string;
  control: Control<InboundInput>;
  register: UseFormRegister<InboundInput>;
  setValue: UseFormSetValue<InboundInput>;
  errors: FieldErrors<InboundInput>;
  rooms: Room[];
  disabled: boolean;
}) {
  const t = useT("integrations");
  const errText = useErrorText();
  const adviceText = useAdviceText();
  const { fields, append, remove } = useFieldArray({ control, name: "rooms" });
  const byName = useMemo(() => new Map(rooms.map((r) => [r.name.toLowerCase(), r.id])), [rooms]);
  const byId = useMemo(() => new Map(rooms.map((r) => [r.id, r.name])), [rooms]);
  const [picks, setPicks] = useState<{ emailAddress: string; displayName: string }[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [pickError, setPickError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [filter, setFilter] = useState("");
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [from, setFrom] = useState(0);
  const values = useWatch({ control, name: "rooms" });

  const errorRows = fields.flatMap((_, idx) => (errors.rooms?.[idx] ? [idx] : []));
  const needle = filter.trim().toLowerCase();
  const matching = fields.flatMap((_, idx) => {
    if (onlyErrors && !errors.rooms?.[idx]) return [];
    if (!needle) return [idx];
    const v = values[idx];
    const text = `${v?.mailboxUpn ?? ""} ${byId.get(v?.roomId ?? "") ?? ""}`.toLowerCase();
    return text.includes(needle) ? [idx] : [];
  });
  const start0 = Math.min(from, Math.max(0, Math.floor((matching.length - 1) / PAGE) * PAGE));
  const shown = matching.slice(start0, start0 + PAGE);
  const appendRows = (rows: { mailboxUpn: string; roomId: string }[]) => {
    append(rows);
    // Show where they landed: the last page, unfiltered.
    setFilter("");
    setOnlyErrors(false);
    setFrom(Math.floor((fields.length + rows.length - 1) / PAGE) * PAGE);
  };

  const loadPicks = () =>
    start(async () => {
      setPickError(null);
      const r = await listGraphRoomsAction({ id: integrationId });
      if (!r.ok) return setPickError(r.message);
      if ("advice" in r.data && r.data.advice) {
        return setPickError(
          r.data.advice === "missing_role" || r.data.advice === "mailbox_access_denied"
            ? t("in.pickDenied")
            : adviceText(r.data.advice),
        );
      }
      const mapped = new Set(fields.map((f) => f.mailboxUpn.toLowerCase()));
      setPicks(
        ("rooms" in r.data ? (r.data.rooms ?? []) : []).filter((g) => !mapped.has(g.emailAddress.toLowerCase())),
      );
      setChosen(new Set());
    });
  const addChosen = () => {
    appendRows(
      (picks ?? [])
        .filter((p) => chosen.has(p.emailAddress))
        .map((p) => ({ mailboxUpn: p.emailAddress, roomId: byName.get(p.displayName.toLowerCase()) ?? "" })),
    );
    setPicks(null);
  };

  return (
    <div className="space-y-3">
      <datalist id="roomlink-rooms">
        {rooms.map((r) => (
          <option key={r.id} value={r.name} />
        ))}
      </datalist>
      {fields.length > PAGE || errorRows.length ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <input
            type="search"
            aria-label={t("in.findRow")}
            placeholder={t("in.findRow")}
            className="w-64 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm"
            value={filter}
            onChange={(ev) => {
              setFilter(ev.target.value);
              setFrom(0);
            }}
          />
          {errorRows.length ? (
            <Button
              variant="ghost"
              onClick={() => {
                setOnlyErrors(!onlyErrors);
                setFrom(0);
              }}
            >
              {onlyErrors ? t("in.showAllRows") : t("in.showErrorRows", { count: errorRows.length })}
            </Button>
          ) : null}
          <span className="text-xs text-slate-500">
            {matching.length
              ? t("in.rowsRange", { from: start0 + 1, to: start0 + shown.length, total: matching.length })
              : t("in.rowsNone")}
          </span>
          {start0 > 0 ? (
            <Button variant="ghost" onClick={() => setFrom(Math.max(0, start0 - PAGE))}>
              {t("in.prevRows")}
            </Button>
          ) : null}
          {start0 + PAGE < matching.length ? (
            <Button variant="ghost" onClick={() => setFrom(start0 + PAGE)}>
              {t("in.nextRows")}
            </Button>
          ) : null}
        </div>
      ) : null}
      {fields.length ? (
        <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] gap-x-3 gap-y-2 text-sm">
          <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("in.upn")}</span>
          <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("in.room")}</span>
          <span />
          {shown.map((idx) => {
            const f = fields[idx];
            if (!f) return null;
            const rowErr = errors.rooms?.[idx];
            return (
              <Row key={f.id}>
                <div>
                  <input
                    aria-label={`${t("in.upn")} ${idx + 1}`}
                    className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm aria-[invalid=true]:border-red-500"
                    placeholder="zaal-a@contoso.onmicrosoft.com"
                    spellCheck={false}
                    aria-invalid={Boolean(rowErr?.mailboxUpn)}
                    {...register(`rooms.${idx}.mailboxUpn`)}
                  />
                  {rowErr?.mailboxUpn ? (
                    <p className="mt-0.5 text-xs text-red-600" role="alert">
                      {errText(rowErr.mailboxUpn.message)}
                    </p>
                  ) : null}
                </div>
                <div>
                  <input type="hidden" {...register(`rooms.${idx}.roomId`)} />
                  {/* A list to choose from: the chevron says so (a datalist input looks like free text). */}
                  <div className="relative">
                    <input
                      aria-label={`${t("in.room")} ${idx + 1}`}
                      list="roomlink-rooms"
                      placeholder={t("in.roomPlaceholder")}
                      defaultValue={byId.get(values[idx]?.roomId ?? f.roomId) ?? ""}
                      className="block w-full rounded-md border border-slate-300 py-1.5 pl-2.5 pr-7 text-sm aria-[invalid=true]:border-red-500"
                      aria-invalid={Boolean(rowErr?.roomId)}
                      onChange={(ev) =>
                        setValue(`rooms.${idx}.roomId`, byName.get(ev.target.value.trim().toLowerCase()) ?? "", {
                          shouldDirty: true,
                        })
                      }
                    />
                    <svg
                      aria-hidden="true"
                      viewBox="0 0 20 20"
                      className="pointer-events-none absolute right-2 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-500"
                    >
                      <path d="M5.5 7.5 10 12l4.5-4.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
                    </svg>
                  </div>
                  {rowErr?.roomId ? (
                    <p className="mt-0.5 text-xs text-red-600" role="alert">
                      {errText(rowErr.roomId.message)}
                    </p>
                  ) : null}
                </div>
                <Button
                  variant="ghost"
                  onClick={() => remove(idx)}
                  disabled={disabled}
                  aria-label={`${t("in.remove")} ${idx + 1}`}
                >
                  ✕
                </Button>
              </Row>
            );
          })}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" onClick={() => appendRows([{ mailboxUpn: "", roomId: "" }])} disabled={disabled}>
          + {t("in.addRoom")}
        </Button>
        <Button variant="ghost" onClick={loadPicks} disabled={disabled || pending}>
          {t("in.pick")}
        </Button>
        <span className="text-xs text-slate-500">{t("in.rowsCount", { count: fields.length })}</span>
      </div>
      {pickError ? <Alert tone="warning">{pickError}</Alert> : null}
      {picks ? (
        <div className="rounded-md border border-slate-200 p-3">
          {picks.length === 0 ? (
            <p className="text-sm text-slate-600">{t("in.pickEmpty")}</p>
          ) : (
            <>
              <label className="mb-1 flex items-center gap-2 border-b border-slate-100 pb-1 text-sm font-medium">
                <input
                  type="checkbox"
                  checked={chosen.size === picks.length}
                  onChange={(ev) =>
                    setChosen(ev.target.checked ? new Set(picks.map((p) => p.emailAddress)) : new Set())
                  }
                />
                {t("in.pickAll", { count: picks.length })}
              </label>
              <div className="max-h-64 space-y-1 overflow-y-auto">
                {picks.map((p) => (
                  <label key={p.emailAddress} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      checked={chosen.has(p.emailAddress)}
                      onChange={(ev) => {
                        const next = new Set(chosen);
                        if (ev.target.checked) next.add(p.emailAddress);
                        else next.delete(p.emailAddress);
                        setChosen(next);
                      }}
                    />
                    <span className="font-medium">{p.displayName}</span>
                    <span className="text-slate-500">{p.emailAddress}</span>
                  </label>
                ))}
              </div>
              <Button className="mt-2" onClick={addChosen} disabled={!chosen.size}>
                {t("in.pickAdd", { count: chosen.size })}
              </Button>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

function Row({ children }: { children: React.ReactNode }) {
  return <>{children}</>;
}

"use client";
// The zone every time is shown in, next to the language switcher: its name, and a picker of the
// runtime's IANA zones (built only when opened, so pages do not carry 400 options).
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useT } from "@/lib/i18n/client";
import { setTimeZone } from "@/lib/time/actions";
import { TimeZoneDetector, useTimeZone } from "@/lib/time/client";
import { zoneName, zoneOffset } from "@/lib/time/format";

export function ZoneSwitcher({ dark = true }: { dark?: boolean }) {
  const t = useT("common");
  const zone = useTimeZone();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const zones = open ? Intl.supportedValuesOf("timeZone") : [];
  return (
    <div className="text-xs">
      <TimeZoneDetector />
      {open ? (
        <label className="block">
          <span className="sr-only">{t("time.zone")}</span>
          <select
            autoFocus
            disabled={pending}
            defaultValue={zone}
            aria-label={t("time.zone")}
            onBlur={() => setOpen(false)}
            onChange={(e) => {
              const next = e.currentTarget.value;
              start(async () => {
                if (await setTimeZone(next)) router.refresh();
                setOpen(false);
              });
            }}
            className="w-full rounded border border-slate-600 bg-slate-800 px-1 py-1 text-white"
          >
            {(zones.includes(zone) ? zones : [zone, ...zones]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <button
          type="button"
          onClick={() => setOpen(true)}
          title={t("time.change")}
          className={`rounded px-2 py-1 ${dark ? "text-slate-300 hover:bg-slate-700/60" : "text-slate-600 hover:bg-slate-100"}`}
          data-testid="zone-switcher"
        >
          {t("time.shownIn", { zone: zoneName(zone), offset: zoneOffset(zone) })}
        </button>
      )}
    </div>
  );
}

"use client";
// Times in the browser: the zone comes from the server (the admin's, from the cookie), never from
// the browser's clock settings, so server and client render the same text (no hydration errors).
import { createContext, useContext, useEffect, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useLocale } from "@/lib/i18n/client";
import { setTimeZone } from "./actions";
import { formatDate, formatDateOnly, formatDateTime, formatTime, type TimeContext } from "./format";

const ZoneContext = createContext<{ zone: string; detected: boolean }>({ zone: "UTC", detected: true });

export function TimeProvider({ zone, detected, children }: { zone: string; detected: boolean; children: ReactNode }) {
  return <ZoneContext.Provider value={{ zone, detected }}>{children}</ZoneContext.Provider>;
}

export function useTimeZone(): string {
  return useContext(ZoneContext).zone;
}

/** Formatters bound to the reader's language and zone. */
export function useTimeFormat() {
  const locale = useLocale();
  const zone = useTimeZone();
  const ctx: TimeContext = { locale, zone };
  return {
    zone,
    date: (at: Date | string | number) => formatDate(at, ctx),
    time: (at: Date | string | number, opts?: { seconds?: boolean }) => formatTime(at, ctx, opts),
    dateTime: (at: Date | string | number, opts?: { seconds?: boolean }) => formatDateTime(at, ctx, opts),
    dateOnly: (value: Date | string) => formatDateOnly(value, locale),
  };
}

/** First visit: store the browser's zone and render again in it (nothing else ever reads the browser's zone). */
export function TimeZoneDetector() {
  const { detected } = useContext(ZoneContext);
  const router = useRouter();
  useEffect(() => {
    if (detected) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    void setTimeZone(zone).then((ok) => {
      if (ok) router.refresh();
    });
  }, [detected, router]);
  return null;
}

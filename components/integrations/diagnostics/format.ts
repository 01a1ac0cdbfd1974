// Dates on the diagnostics cards in the admin's language and zone (lib/time): date and time, date,
// a date-only value (the secret's expiry), and "n minutes ago".
import { formatDate, formatDateOnly, formatDateTime } from "@/lib/time/format";
import { getTimeContext } from "@/lib/time/server";

export interface DiagnosticsFormat {
  dateTime: (d: Date) => string;
  date: (d: Date) => string;
  /** A calendar date stored as an instant (the secret's expiry): the date as entered, in every zone. */
  dateOnly: (d: Date) => string;
  /** Minutes up to two hours, hours up to two days, then days. */
  ago: (d: Date) => string;
}

export async function diagnosticsFormat(): Promise<DiagnosticsFormat> {
  const ctx = await getTimeContext();
  const rtf = new Intl.RelativeTimeFormat(ctx.locale, { numeric: "auto" });
  return {
    dateTime: (x) => formatDateTime(x, ctx),
    date: (x) => formatDate(x, ctx),
    dateOnly: (x) => formatDateOnly(x, ctx.locale),
    ago: (x) => {
      const mins = Math.round((Date.now() - x.getTime()) / 60_000);
      if (mins < 120) return rtf.format(-mins, "minute");
      return mins < 2880 ? rtf.format(-Math.round(mins / 60), "hour") : rtf.format(-Math.round(mins / 1440), "day");
    },
  };
}

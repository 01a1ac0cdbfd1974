// Dates on the diagnostics cards in the admin's language: date and time, date, and "n minutes ago".
import { getLocale } from "@/lib/i18n/server";

export interface DiagnosticsFormat {
  dateTime: (d: Date) => string;
  date: (d: Date) => string;
  /** Minutes up to two hours, hours up to two days, then days. */
  ago: (d: Date) => string;
}

export async function diagnosticsFormat(): Promise<DiagnosticsFormat> {
  const locale = await getLocale();
  const tag = locale === "nl" ? "nl-NL" : "en-GB";
  const dt = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short" });
  const d = new Intl.DateTimeFormat(tag, { dateStyle: "medium" });
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  return {
    dateTime: (x) => dt.format(x),
    date: (x) => d.format(x),
    ago: (x) => {
      const mins = Math.round((Date.now() - x.getTime()) / 60_000);
      if (mins < 120) return rtf.format(-mins, "minute");
      return mins < 2880 ? rtf.format(-Math.round(mins / 60), "hour") : rtf.format(-Math.round(mins / 1440), "day");
    },
  };
}

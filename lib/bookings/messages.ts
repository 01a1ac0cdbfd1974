// Every message the booking core can show a person, in English and Dutch, keyed by a stable code.
// Errors carry code + params; the UI renders them in the user's language with `renderMessage`.
import { DateTime } from "luxon";

export type Locale = "en" | "nl";
export type MessageParams = Record<string, string | number | string[] | undefined>;

type Fmt = {
  day: (iso: string) => string;
  time: (iso: string) => string;
  duration: (m: number) => string;
  list: (xs: string[]) => string;
};

function fmt(locale: Locale, zone: string): Fmt {
  const loc = locale === "nl" ? "nl-NL" : "en-GB";
  const at = (iso: string) => DateTime.fromISO(iso, { zone }).setLocale(loc);
  return {
    day: (iso) => at(iso).toFormat("ccc d LLL").replace(/\./g, ""),
    time: (iso) => at(iso).toFormat("HH:mm"),
    duration: (m) => {
      const h = Math.floor(m / 60);
      const r = m % 60;
      const hs = locale === "nl" ? `${h} uur` : `${h} h`;
      if (h && r) return `${hs} ${r} min`;
      return h ? hs : `${r} min`;
    },
    list: (xs) => {
      const shown = xs.slice(0, 8);
      const more = xs.length - shown.length;
      const tail = more > 0 ? (locale === "nl" ? ` en nog ${more}` : ` and ${more} more`) : "";
      return shown.join(", ") + tail;
    },
  };
}

const MONTHS = {
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
  nl: [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
  ],
};
/** The most days each month can have (February: 29, in leap years): a yearly day beyond it never occurs. */
export const MONTH_MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Each renderer knows the params of its own code; the table stays one flat, readable list. Renderers
// read the params through `Args`: every param as the text a template prints for it ("" when missing),
// the few that a message may leave out as `string | undefined`, and the dates of a series as a list.
const TEXT_PARAMS = [
  "date",
  "time",
  "timeZone",
  "room",
  "start",
  "end",
  "title",
  "status",
  "from",
  "until",
  "maxMinutes",
  "leadMinutes",
  "days",
  "capacity",
  "attendees",
  "month",
  "day",
  "min",
  "max",
  "entity",
  "name",
  "email",
  "count",
  "detail",
  "names",
  "known",
] as const;
const OPTIONAL_PARAMS = ["by", "statusNl", "entityNl", "detailNl"] as const;
type TextParam = (typeof TEXT_PARAMS)[number];
type OptionalParam = (typeof OPTIONAL_PARAMS)[number];
type Args = Readonly<Record<TextParam, string> & Partial<Record<OptionalParam, string>> & { dates: string[] }>;
type Render = (p: Args, f: Fmt) => string;

function argsOf(params: MessageParams): Args {
  const text = (k: string): string | undefined => {
    const v = params[k];
    return v === undefined ? undefined : String(v);
  };
  // Object.fromEntries types its keys as string: each list above names exactly the keys it builds.
  const texts = Object.fromEntries(TEXT_PARAMS.map((k) => [k, text(k) ?? ""])) as Record<TextParam, string>;
  const optional = Object.fromEntries(
    OPTIONAL_PARAMS.flatMap((k) => {
      const v = text(k);
      return v === undefined ? [] : [[k, v]];
    }),
  ) as Partial<Record<OptionalParam, string>>;
  const dates = params.dates;
  return { ...texts, ...optional, dates: Array.isArray(dates) ? dates : [] };
}

const en = {
  invalid_date: (p) => `“${p.date}” is not a valid date (use YYYY-MM-DD)`,
  invalid_time: (p) => `“${p.time}” is not a valid time (use HH:mm)`,
  invalid_zone: (p) => `“${p.timeZone}” is not a known time zone (use an IANA name such as Europe/Amsterdam)`,
  nonexistent_local_time: (p) =>
    `${p.time} does not exist on ${p.date} in ${p.timeZone}: the clocks go forward that night. Pick a time outside the skipped hour, e.g. 03:00`,
  end_before_start: () => `The end must be after the start`,
  room_not_found: () => `This room does not exist (any more)`,
  room_inactive: (p) => `${p.room} is switched off for booking; activate it under Rooms first`,
  status_not_found: () => `This status does not exist (any more)`,
  customer_not_found: () => `This customer does not exist (any more)`,
  booking_not_found: () => `This booking does not exist (any more); it may have been deleted`,
  cancelled_status_missing: () =>
    `No status is marked “cancelled”; mark one under Statuses so bookings can be cancelled`,
  conflict: (p, f) =>
    `${p.room} is booked ${f.time(p.start)}–${f.time(p.end)} on ${f.day(p.start)} ${p.by ? `by ${p.by}` : `for “${p.title}”`} (${p.status})`,
  series_conflict: (p, f) =>
    `The series cannot be booked: ${p.room} is already taken on ${f.list(p.dates.map(f.day))}. Change the time or skip those dates`,
  outside_hours: (p) => `${p.room} can be booked between ${p.from} and ${p.until} (local time), on one day`,
  max_duration: (p, f) => `The maximum duration for ${p.room} is ${f.duration(Number(p.maxMinutes))}`,
  min_lead: (p, f) => `Bookings for ${p.room} must be made at least ${f.duration(Number(p.leadMinutes))} ahead`,
  advance_window: (p) => `${p.room} can be booked at most ${p.days} days ahead`,
  capacity: (p) => `${p.room} holds ${p.capacity} people; ${p.attendees} attendees requested`,
  stale_version: () =>
    `Someone else changed this booking after you opened it. Reload to see their changes, then make yours again`,
  not_in_series: () => `This booking is not part of a series, so “this and following” or “all” does not apply`,
  weekdays_required: () => `Pick at least one weekday`,
  month_day_required: () => `Pick a day of the month or a weekday of the month`,
  month_required: () => `Pick the month the series repeats in`,
  day_not_in_month: (p) => `${MONTHS.en[Number(p.month) - 1] ?? p.month} has no day ${p.day}: pick day 1 to ${p.max}`,
  until_before_start: () => `The series must end on or after its first date`,
  recurrence_empty: () => `This pattern has no occurrences; check the weekdays and the end date`,
  name_taken: (p) => `A ${p.entity} named “${p.name}” already exists`,
  email_taken: (p) => `A ${p.entity} with e-mail ${p.email} already exists`,
  in_use: (p) =>
    `This ${p.entity} is still used by ${p.count} ${p.count === "1" ? "booking" : "bookings"}; change those first`,
  last_cancelled_status: () => `Keep at least one status marked “cancelled”: cancelling bookings needs it`,
  invalid_value: (p) => `${p.detail}`,
  required: () => `Required`,
  date_format: () => `Enter a date as YYYY-MM-DD`,
  after_opening: () => `Must be after the opening time`,
  zone_unknown: () => `Unknown time zone; use an IANA name such as Europe/Amsterdam`,
  status_key_format: () => `Lower-case letters, digits, - and _; starts with a letter`,
  colour_format: () => `A colour like #64748b`,
  free_status_cannot_block: () => `A cancelled or rejected status cannot block the room`,
  unknown_placeholders: (p) =>
    `Unknown ${p.names.includes(",") ? "placeholders" : "placeholder"}: ${p.names}. Known: ${p.known}`,
  time_format: () => `Enter a time as HH:mm`,
  invalid_email: () => `Enter a valid e-mail address`,
  number_range: (p) => `Enter a whole number from ${p.min} to ${p.max}`,
  too_long: (p) => `At most ${p.max} characters`,
  until_required: () => `Pick the date the series ends`,
  count_required: () => `Enter how many times it repeats`,
} satisfies Record<string, Render>;

export type MessageCode = keyof typeof en;

const nl: Record<MessageCode, Render> = {
  invalid_date: (p) => `“${p.date}” is geen geldige datum (gebruik JJJJ-MM-DD)`,
  invalid_time: (p) => `“${p.time}” is geen geldige tijd (gebruik UU:mm)`,
  invalid_zone: (p) => `“${p.timeZone}” is geen bekende tijdzone (gebruik een IANA-naam zoals Europe/Amsterdam)`,
  nonexistent_local_time: (p) =>
    `${p.time} bestaat niet op ${p.date} in ${p.timeZone}: die nacht gaat de klok vooruit. Kies een tijd buiten het overgeslagen uur, bijvoorbeeld 03:00`,
  end_before_start: () => `Het einde moet na het begin liggen`,
  room_not_found: () => `Deze ruimte bestaat niet (meer)`,
  room_inactive: (p) => `${p.room} staat uit voor boekingen; activeer de ruimte eerst onder Ruimtes`,
  status_not_found: () => `Deze status bestaat niet (meer)`,
  customer_not_found: () => `Deze klant bestaat niet (meer)`,
  booking_not_found: () => `Deze boeking bestaat niet (meer); mogelijk is hij verwijderd`,
  cancelled_status_missing: () =>
    `Geen enkele status is gemarkeerd als “geannuleerd”; markeer er een onder Statussen om te kunnen annuleren`,
  conflict: (p, f) =>
    `${p.room} is bezet van ${f.time(p.start)}–${f.time(p.end)} op ${f.day(p.start)} ${p.by ? `door ${p.by}` : `voor “${p.title}”`} (${p.statusNl ?? p.status})`,
  series_conflict: (p, f) =>
    `De reeks kan niet worden geboekt: ${p.room} is al bezet op ${f.list(p.dates.map(f.day))}. Wijzig de tijd of sla die data over`,
  outside_hours: (p) => `${p.room} kan worden geboekt tussen ${p.from} en ${p.until} (lokale tijd), op één dag`,
  max_duration: (p, f) => `De maximale duur voor ${p.room} is ${f.duration(Number(p.maxMinutes))}`,
  min_lead: (p, f) =>
    `Boekingen voor ${p.room} moeten minstens ${f.duration(Number(p.leadMinutes))} van tevoren worden gemaakt`,
  advance_window: (p) => `${p.room} kan hoogstens ${p.days} dagen vooruit worden geboekt`,
  capacity: (p) => `${p.room} biedt plaats aan ${p.capacity} personen; ${p.attendees} deelnemers gevraagd`,
  stale_version: () =>
    `Iemand anders heeft deze boeking gewijzigd nadat u hem opende. Laad de pagina opnieuw om die wijzigingen te zien en breng de uwe daarna opnieuw aan`,
  not_in_series: () => `Deze boeking hoort niet bij een reeks; “deze en volgende” of “alle” is niet van toepassing`,
  weekdays_required: () => `Kies minstens één weekdag`,
  month_day_required: () => `Kies een dag van de maand of een weekdag van de maand`,
  month_required: () => `Kies de maand waarin de reeks terugkomt`,
  day_not_in_month: (p) =>
    `${MONTHS.nl[Number(p.month) - 1] ?? p.month} heeft geen dag ${p.day}: kies dag 1 tot en met ${p.max}`,
  until_before_start: () => `De reeks moet op of na de eerste datum eindigen`,
  recurrence_empty: () => `Dit patroon levert geen enkele datum op; controleer de weekdagen en de einddatum`,
  name_taken: (p) => `Er bestaat al een ${p.entityNl ?? p.entity} met de naam “${p.name}”`,
  email_taken: (p) => `Er bestaat al een ${p.entityNl ?? p.entity} met e-mailadres ${p.email}`,
  in_use: (p) =>
    `Deze ${p.entityNl ?? p.entity} wordt nog gebruikt door ${p.count} ${p.count === "1" ? "boeking" : "boekingen"}; wijzig die eerst`,
  last_cancelled_status: () => `Houd minstens één status gemarkeerd als “geannuleerd”: annuleren heeft die nodig`,
  invalid_value: (p) => `${p.detailNl ?? p.detail}`,
  required: () => `Verplicht`,
  date_format: () => `Vul een datum in als JJJJ-MM-DD`,
  after_opening: () => `Moet na de openingstijd liggen`,
  zone_unknown: () => `Onbekende tijdzone; gebruik een IANA-naam zoals Europe/Amsterdam`,
  status_key_format: () => `Kleine letters, cijfers, - en _; begint met een letter`,
  colour_format: () => `Een kleur zoals #64748b`,
  free_status_cannot_block: () => `Een geannuleerde of afgewezen status kan de ruimte niet bezetten`,
  unknown_placeholders: (p) =>
    `Onbekende ${p.names.includes(",") ? "placeholders" : "placeholder"}: ${p.names}. Bekend: ${p.known}`,
  time_format: () => `Vul een tijd in als UU:mm`,
  invalid_email: () => `Vul een geldig e-mailadres in`,
  number_range: (p) => `Vul een heel getal van ${p.min} tot ${p.max} in`,
  too_long: (p) => `Hoogstens ${p.max} tekens`,
  until_required: () => `Kies de datum waarop de reeks eindigt`,
  count_required: () => `Vul in hoe vaak de boeking zich herhaalt`,
};

export const messages = { en, nl } as const;

/** Render a message code in a language; dates in params are ISO instants shown in `params.timeZone`. */
export function renderMessage(code: MessageCode, params: MessageParams, locale: Locale = "en"): string {
  const zone = typeof params.timeZone === "string" ? params.timeZone : "UTC";
  return (locale === "nl" ? nl : en)[code](argsOf(params), fmt(locale, zone));
}

/** A message renderer bound to one language, for zod schema factories shared with the client. */
export const msg =
  (locale: Locale) =>
  (code: MessageCode, params: MessageParams = {}) =>
    renderMessage(code, params, locale);

// ICU MessageFormat behind the catalogue's `t(key, params)`: plurals (`{count, plural, one {…} other {…}}`),
// selects and numbers in the reader's language, through use-intl's translator (intl-messageformat).
// Catalogue keys are flat ("cal.week"); use-intl reads "." as nesting, so keys are stored with a
// stand-in character instead. Apostrophes follow ICU: `'{'` is a literal brace, `''` one apostrophe,
// an apostrophe before a letter ("organizer's") is just an apostrophe.
import { _createCache, _createIntlFormatters, createTranslator, type IntlError } from "use-intl/core";
import type { Locale } from "./define";

export type MessageParams = Record<string, string | number>;
export type Messages = Readonly<Record<string, string>>;

/** Stands in for "." in a key (use-intl would read it as a nested path). */
const DOT = "\u2024";
const escapeKey = (key: string) => key.replaceAll(".", DOT);

/** One cache of compiled messages and Intl formatters per language, shared by every area. */
const caches = new Map<
  Locale,
  { cache: ReturnType<typeof _createCache>; formatters: ReturnType<typeof _createIntlFormatters> }
>();
function cacheOf(locale: Locale) {
  let c = caches.get(locale);
  if (!c) {
    const cache = _createCache();
    c = { cache, formatters: _createIntlFormatters(cache) };
    caches.set(locale, c);
  }
  return c;
}

/** The old `{name}` substitution: what a message shows when ICU formatting fails (a missing param). */
function plain(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in params ? String(params[k]) : all));
}

export type FormatFn = (key: string, params?: MessageParams) => string;

/**
 * A formatter for one language over one set of messages: `key` → the ICU-formatted message, else
 * the key itself. A message that cannot be formatted (a param the call site forgot) shows with its
 * known `{name}` params filled in, and says so on the console outside production.
 */
export function icuFormatter(locale: Locale, messages: Messages): FormatFn {
  const escaped = Object.fromEntries(Object.entries(messages).map(([k, v]) => [escapeKey(k), v]));
  const { cache, formatters } = cacheOf(locale);
  let failed: IntlError | null = null;
  const t = createTranslator({
    locale,
    messages: escaped,
    _cache: cache,
    _formatters: formatters,
    onError: (e) => {
      failed = e;
    },
  });
  return (key, params) => {
    const template = messages[key];
    if (template === undefined) return key;
    failed = null;
    const out = t(escapeKey(key), params);
    if (failed === null) return out;
    if (process.env.NODE_ENV !== "production") console.error(`i18n: ${key} (${locale}): ${String(failed)}`);
    return plain(template, params);
  };
}

/** Format one ICU message (not from a catalogue) in a language. */
export function formatMessage(locale: Locale, template: string, params?: MessageParams): string {
  return icuFormatter(locale, { m: template })("m", params);
}

// ICU MessageFormat behind the catalogue's `t(key, params)`: plurals (`{count, plural, one {…} other {…}}`),
// selects and numbers in the reader's language, with intl-messageformat (the ICU core use-intl formats
// with). Each message is compiled once per language and kept; use-intl's own translator re-derives its
// format options on every call (about 16 µs a message here), which pages with hundreds of labels feel.
// Apostrophes follow ICU: `'{'` is a literal brace, `''` one apostrophe, an apostrophe before a letter
// ("organizer's") is just an apostrophe.
import { IntlMessageFormat } from "intl-messageformat";
import type { Locale } from "./define";

export type MessageParams = Record<string, string | number>;
export type Messages = Readonly<Record<string, string>>;

/** The old `{name}` substitution: what a message shows when ICU formatting fails (a missing param). */
function plain(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in params ? String(params[k]) : all));
}

/** Text with nothing ICU would change: returned as it is, without compiling. */
const isPlain = (template: string) => !/[{}']/.test(template);

export type FormatFn = (key: string, params?: MessageParams) => string;

/**
 * A formatter for one language over one set of messages: `key` → the ICU-formatted message, else
 * the key itself. A message that cannot be formatted (a param the call site forgot, a syntax error)
 * shows with its known `{name}` params filled in, and says so on the console outside production.
 */
export function icuFormatter(locale: Locale, messages: Messages): FormatFn {
  const compiled = new Map<string, IntlMessageFormat | null>();
  return (key, params) => {
    const template = messages[key];
    if (template === undefined) return key;
    if (isPlain(template)) return template;
    let mf = compiled.get(key);
    try {
      if (mf === undefined) {
        mf = null; // a message that does not compile is tried once
        mf = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
        compiled.set(key, mf);
      }
      if (mf === null) throw new Error("does not compile");
      return String(mf.format(params));
    } catch (e) {
      compiled.set(key, mf ?? null);
      if (process.env.NODE_ENV !== "production") console.error(`i18n: ${key} (${locale}): ${String(e)}`);
      return plain(template, params);
    }
  };
}

/** Format one ICU message (not from a catalogue) in a language. */
export function formatMessage(locale: Locale, template: string, params?: MessageParams): string {
  return icuFormatter(locale, { m: template })("m", params);
}

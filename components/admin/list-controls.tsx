// Search and paging for long admin lists (rooms: 1,000 at volume): a GET form and offset links;
// every page renders one page of rows, never all of them.
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { getT } from "@/lib/i18n/server";

/** A page's search params as the list's search text (≤ 100 characters) and first row (≥ 0). */
export type ListSearchParams = Record<string, string | string[] | undefined>;
export const LIST_PAGE_SIZE = 50;
export function listParams(sp: ListSearchParams): { q: string | undefined; from: number } {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return {
    q: one(sp.q)?.trim().slice(0, 100) || undefined,
    from: Math.max(0, Math.floor(Number(one(sp.from)) || 0)),
  };
}

/** `base` with `q` and `from` set (empty ones dropped). */
export function listPageHref(base: string, q: string | undefined, from: number) {
  const p = new URLSearchParams();
  if (q) p.set("q", q);
  if (from > 0) p.set("from", String(from));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}

export async function ListControls({
  base,
  q,
  from,
  shown,
  total,
  pageSize,
  label,
  placeholder,
  note,
}: {
  base: string;
  q: string | undefined;
  from: number;
  shown: number;
  total: number;
  pageSize: number;
  label: string;
  placeholder: string;
  note?: string;
}) {
  const t = await getT("admin");
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <form method="get" action={base} className="flex items-end gap-2" role="search">
        <div>
          <label htmlFor="list-q" className="mb-1 block text-xs font-medium text-slate-600">
            {label}
          </label>
          <Input id="list-q" name="q" type="search" defaultValue={q} placeholder={placeholder} className="w-64" />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          {t("list.searchButton")}
        </button>
        {q ? (
          <Link href={base} className={buttonClass("ghost")}>
            {t("list.clear")}
          </Link>
        ) : null}
      </form>
      <nav className="flex items-center gap-2 text-sm text-slate-600" aria-label={t("list.paging")}>
        {note ? <span className="text-xs text-slate-500">{note}</span> : null}
        <span>
          {total ? t("list.range", { from: from + 1, to: from + shown, total }) : q ? t("list.noMatch", { q }) : null}
        </span>
        {from > 0 ? (
          <Link className={buttonClass("ghost")} href={listPageHref(base, q, Math.max(0, from - pageSize))}>
            {t("list.prev")}
          </Link>
        ) : null}
        {from + shown < total ? (
          <Link className={buttonClass("ghost")} href={listPageHref(base, q, from + pageSize)}>
            {t("list.next")}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}

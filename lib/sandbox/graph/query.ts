// OData query options the sandbox understands on event collections: $select, $expand of extended
// properties, $filter (extended-property Any lambdas and simple comparisons), $top, $skip, $orderby.
import { must } from "@/lib/invariant";
import { GraphError } from "./http";

export interface EventQuery {
  select?: string[];
  expandProps?: (id: string) => boolean;
  expandExceptions?: boolean;
  /** Predicate over a rendered event (Graph JSON, UTC times). */
  filter?: (ev: Record<string, unknown>, props: { id: string; value: string }[]) => boolean;
  top?: number;
  skip: number;
  orderBy?: { field: string; desc: boolean };
}

function unquote(s: string): string {
  return s.replace(/''/g, "'");
}

/** "a($filter=x eq 'p,q'),b" -> ["a($filter=x eq 'p,q')", "b"]: commas inside parentheses or quotes stay. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0,
    quoted = false,
    cur = "";
  for (const ch of s) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    if (ch === "," && depth === 0 && !quoted) {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export function parseEventQuery(url: URL): EventQuery {
  const p = url.searchParams;
  const q: EventQuery = { skip: 0 };
  const select = p.get("$select");
  if (select)
    q.select = select
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const expand = p.get("$expand");
  if (expand) {
    for (const part of splitTopLevel(expand)) {
      if (/^exceptionOccurrences$/i.test(part)) {
        q.expandExceptions = true;
        continue;
      }
      const m = /^singleValueExtendedProperties(?:\(\$filter=(.*)\))?$/i.exec(part);
      if (!m)
        throw new GraphError(
          400,
          "BadRequest",
          `Parsing OData Select and Expand failed: Could not find a property named '${part.replace(/\(.*$/s, "")}' on type 'microsoft.graph.event'.`,
        );
      const propFilter = m[1];
      if (propFilter) {
        const ids = [...propFilter.matchAll(/id\s+eq\s+'((?:[^']|'')*)'/gi)].flatMap(([, quoted]) =>
          quoted === undefined ? [] : [unquote(quoted).toLowerCase()],
        );
        q.expandProps = (id) => ids.includes(id.toLowerCase());
      } else q.expandProps = () => true;
    }
  }
  const top = p.get("$top");
  if (top !== null) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 0)
      throw new GraphError(400, "BadRequest", `Invalid value '${top}' for $top query option found.`);
    q.top = Math.min(n, 1000);
  }
  const skip = p.get("$skip");
  if (skip !== null) q.skip = Math.max(0, Number(skip) || 0);
  const orderBy = p.get("$orderby");
  if (orderBy) {
    const [field, dir] = orderBy.trim().split(/\s+/);
    q.orderBy = {
      field: must(field, "$orderby field (split yields at least one part)"),
      desc: dir?.toLowerCase() === "desc",
    };
  }
  const filter = p.get("$filter");
  if (filter) q.filter = parseFilter(filter);
  return q;
}

type Pred = (ev: Record<string, unknown>, props: { id: string; value: string }[]) => boolean;

function getPath(obj: Record<string, unknown>, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split("/"))
    cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur;
}

function parseFilter(filter: string): Pred {
  const preds: Pred[] = [];
  let rest = filter;
  // singleValueExtendedProperties/Any(ep: ep/id eq '...' and ep/value eq '...')
  const anyRe =
    /singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'((?:[^']|'')*)'(?:\s+and\s+\1\/value\s+eq\s+'((?:[^']|'')*)')?\s*\)/gi;
  rest = rest.replace(anyRe, (_m, _v, id: string, value: string | undefined) => {
    const pid = unquote(id).toLowerCase();
    const pval = value === undefined ? undefined : unquote(value);
    preds.push((_ev, props) =>
      props.some((x) => x.id.toLowerCase() === pid && (pval === undefined || x.value === pval)),
    );
    return "true";
  });
  for (const clause of rest.split(/\s+and\s+/i)) {
    const c = clause.trim().replace(/^\((.*)\)$/, "$1");
    if (c === "true" || c === "") continue;
    const [, path, op, sv, lit] =
      /^([\w/]+)\s+(eq|ne|ge|gt|le|lt)\s+(?:'((?:[^']|'')*)'|(true|false|null|[\d.-]+))$/i.exec(c) ?? [];
    if (path === undefined || op === undefined)
      throw new GraphError(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
    const value: unknown =
      sv !== undefined
        ? unquote(sv)
        : lit === "true"
          ? true
          : lit === "false"
            ? false
            : lit === "null"
              ? null
              : Number(lit);
    const isTime = /dateTime$/i.test(path);
    preds.push((ev) => {
      let a = getPath(ev, path);
      let b = value;
      if (isTime) {
        a = Date.parse(String(a).replace(/\.\d+$/, "") + "Z");
        b = Date.parse(String(b).replace(/Z?$/, "Z"));
      }
      switch (op.toLowerCase()) {
        case "eq":
          return a === b;
        case "ne":
          return a !== b;
        case "ge":
          return (a as number) >= (b as number);
        case "gt":
          return (a as number) > (b as number);
        case "le":
          return (a as number) <= (b as number);
        default:
          return (a as number) < (b as number);
      }
    });
  }
  return (ev, props) => preds.every((p) => p(ev, props));
}

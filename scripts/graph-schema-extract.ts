// Regenerates lib/sandbox/graph/schema/v1.0-extract.json: the Graph v1.0 types the sandbox returns,
// trimmed from Microsoft's published clean CSDL (github.com/microsoftgraph/msgraph-metadata,
// clean_v10_metadata/cleanMetadata.xml). The sandbox's schema test checks every response against it.
//
//   npx tsx scripts/graph-schema-extract.ts <path to cleanMetadata.xml> [commit]
//
// Get the file with `git clone https://github.com/microsoftgraph/msgraph-metadata` (or `curl -LO
// https://raw.githubusercontent.com/microsoftgraph/msgraph-metadata/master/clean_v10_metadata/cleanMetadata.xml`).
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { must } from "@/lib/invariant";

/** Types the sandbox renders; everything they reference (base types, property types) comes along. */
const ROOTS = [
  "event",
  "subscription",
  "user",
  "room",
  "calendar",
  "singleValueLegacyExtendedProperty",
  "mailboxSettings",
];
/** Navigation properties followed into the extract (the ones the sandbox can $expand or serve). */
const FOLLOW_NAV = new Set(["event.exceptionOccurrences", "event.instances", "event.singleValueExtendedProperties"]);

interface Prop {
  type: string;
  collection: boolean;
  nullable: boolean;
}
interface TypeDef {
  kind: "entity" | "complex";
  base?: string;
  abstract?: boolean;
  openType?: boolean;
  properties: Record<string, Prop>;
  navigation: Record<string, { type: string; collection: boolean }>;
}

const [file, commit = "unknown"] = process.argv.slice(2);
if (!file) {
  console.error("usage: tsx scripts/graph-schema-extract.ts <cleanMetadata.xml> [commit]");
  process.exit(2);
}
const xml = readFileSync(file, "utf8");
const ns = /<Schema Namespace="microsoft\.graph"[^>]*>([\s\S]*?)<\/Schema>/.exec(xml);
if (!ns) throw new Error(`${file}: no <Schema Namespace="microsoft.graph"> found; is this the clean v1.0 CSDL?`);
const schema = must(ns[1], "the Schema element's body (group 1 always takes part)");

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
/** An attribute the CSDL must carry (Name, Type): a file without it is not the clean v1.0 CSDL. */
const requiredAttr = (tag: string, name: string): string => {
  const value = attr(tag, name);
  if (value === undefined) throw new Error(`${file}: <${tag.slice(0, 80)}…> has no ${name}="…"`);
  return value;
};
const short = (t: string) => t.replace(/^graph\./, "").replace(/^microsoft\.graph\./, "");
function typeRef(t: string): { type: string; collection: boolean } {
  const m = /^Collection\((.*)\)$/.exec(t);
  return { type: short(m?.[1] ?? t), collection: !!m };
}

const types = new Map<string, TypeDef>();
for (const m of schema.matchAll(/<(EntityType|ComplexType)\s([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g)) {
  const [, element, head = "", , body = ""] = m;
  const name = requiredAttr(head, "Name");
  const def: TypeDef = { kind: element === "EntityType" ? "entity" : "complex", properties: {}, navigation: {} };
  const base = attr(head, "BaseType");
  if (base) def.base = short(base);
  if (attr(head, "Abstract") === "true") def.abstract = true;
  if (attr(head, "OpenType") === "true") def.openType = true;
  for (const [, prop = ""] of body.matchAll(/<Property\s([^>]*?)\/?>/g)) {
    const r = typeRef(requiredAttr(prop, "Type"));
    def.properties[requiredAttr(prop, "Name")] = { ...r, nullable: attr(prop, "Nullable") !== "false" };
  }
  for (const [, nav = ""] of body.matchAll(/<NavigationProperty\s([^>]*?)\/?>/g))
    def.navigation[requiredAttr(nav, "Name")] = typeRef(requiredAttr(nav, "Type"));
  types.set(name, def);
}
const enums = new Map<string, string[]>();
for (const [, head = "", members = ""] of schema.matchAll(/<EnumType\s([^>]*?)>([\s\S]*?)<\/EnumType>/g)) {
  enums.set(
    requiredAttr(head, "Name"),
    [...members.matchAll(/<Member Name="([^"]+)"/g)].map(([, member]) => must(member, "enum member name (group 1)")),
  );
}

const outTypes: Record<string, TypeDef> = {};
const outEnums: Record<string, string[]> = {};
const queue = [...ROOTS];
for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
  if (outTypes[name] || outEnums[name] || name.startsWith("Edm.")) continue;
  const e = enums.get(name);
  if (e) {
    outEnums[name] = e;
    continue;
  }
  const def = types.get(name);
  if (!def) throw new Error(`type '${name}' is not in ${file}`);
  outTypes[name] = def;
  if (def.base) queue.push(def.base);
  for (const p of Object.values(def.properties)) queue.push(p.type);
  for (const [n, nav] of Object.entries(def.navigation)) if (FOLLOW_NAV.has(`${name}.${n}`)) queue.push(nav.type);
}
// Derived complex types a polymorphic property may hold (e.g. location → locationConstraintItem) are not
// rendered by the sandbox; the test only needs the declared types.

const out = {
  source: { repository: "microsoftgraph/msgraph-metadata", path: "clean_v10_metadata/cleanMetadata.xml", commit },
  roots: ROOTS,
  types: Object.fromEntries(Object.entries(outTypes).sort(([a], [b]) => a.localeCompare(b))),
  enums: Object.fromEntries(Object.entries(outEnums).sort(([a], [b]) => a.localeCompare(b))),
};
const target = resolve(import.meta.dirname, "../lib/sandbox/graph/schema/v1.0-extract.json");
writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
console.log(`${target}: ${Object.keys(outTypes).length} types, ${Object.keys(outEnums).length} enums from ${commit}`);

// A diagnostics table's column headings.
export function TableHead({ cols }: { cols: string[] }) {
  return (
    <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
      <tr>
        {cols.map((c, n) => (
          <th key={c} className={n < cols.length - 1 ? "py-1.5 pr-3" : "py-1.5"}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

"use client";
// A picker that searches (rooms, customers) instead of sending every row as an <option>: the
// visible text box filters on the server; the chosen id travels in a hidden input of a GET form
// (`name`) or goes to `onChange` (the booking form).
import { useId, useRef, useState, useTransition, type InputHTMLAttributes } from "react";
import { searchPickerAction } from "@/app/(admin)/bookings/picker-actions";
import { Input } from "@/components/ui/field";
import type { PickerKind } from "@/lib/bookings/list";
import { useT } from "@/lib/i18n/client";

type Option = { id: string; label: string; hint: string | null };

export function SearchPicker({
  id,
  name,
  kind,
  selected,
  noneLabel,
  allowNone = true,
  onChange,
  inputProps,
}: {
  id: string;
  name?: string;
  kind: PickerKind;
  selected: { id: string; label: string } | null;
  /** What choosing nothing means ("All" in a filter, "No customer" in a form). */
  noneLabel?: string;
  /** Whether choosing nothing is offered (not in the calendar, which always shows a room). */
  allowNone?: boolean;
  onChange?: (id: string) => void;
  inputProps?: Pick<InputHTMLAttributes<HTMLInputElement>, "aria-invalid" | "aria-describedby">;
}) {
  const t = useT("bookings");
  const none = noneLabel ?? t("list.all");
  const listId = useId();
  const [text, setText] = useState(selected?.label ?? "");
  const [value, setValue] = useState(selected?.id ?? "");
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [, startTransition] = useTransition();
  const seq = useRef(0);

  const search = (q: string) => {
    const n = ++seq.current;
    startTransition(async () => {
      const res = await searchPickerAction({ kind, q });
      if (n !== seq.current) return; // a newer search answered first
      setOptions(res.ok ? res.data : []);
      setActive(-1);
      setOpen(true);
    });
  };
  const choose = (o: Option | null) => {
    setValue(o?.id ?? "");
    onChange?.(o?.id ?? "");
    setText(o?.label ?? "");
    setOpen(false);
  };

  return (
    <div className="relative">
      <Input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        autoComplete="off"
        placeholder={none}
        {...inputProps}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          // Typing un-chooses: an empty box means "all".
          setValue("");
          onChange?.("");
          search(e.target.value);
        }}
        onFocus={() => search(text === selected?.label ? "" : text)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (!open) return;
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(options.length - 1, a + 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(-1, a - 1));
          } else if (e.key === "Enter" && active >= 0) {
            e.preventDefault();
            choose(options[active] ?? null);
          } else if (e.key === "Escape") setOpen(false);
        }}
      />
      {name ? <input type="hidden" name={name} value={value} /> : null}
      {open ? (
        <ul
          id={listId}
          role="listbox"
          className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {allowNone ? (
            <li
              role="option"
              aria-selected={value === ""}
              className={`cursor-pointer px-2.5 py-1 ${active === -1 ? "bg-slate-100" : ""}`}
              onMouseDown={() => choose(null)}
            >
              {none}
            </li>
          ) : null}
          {options.map((o, i) => (
            <li
              key={o.id}
              role="option"
              aria-selected={o.id === value}
              className={`cursor-pointer px-2.5 py-1 ${i === active ? "bg-slate-100" : ""}`}
              onMouseDown={() => choose(o)}
            >
              {o.label}
              {o.hint ? <span className="ml-2 text-xs text-slate-500">{o.hint}</span> : null}
            </li>
          ))}
          {!options.length ? <li className="px-2.5 py-1 text-slate-500">{t("list.noMatches")}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

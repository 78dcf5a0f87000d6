"use client";

/** A row of tabs choosing one view of a section (the group a table is split by); the chosen one is marked selected. */
export function TabList<K extends string>({ label, tabs, selected, onSelect }: { label: string; tabs: readonly { key: K; label: string }[]; selected: K; onSelect: (key: K) => void }) {
  return (
    <div role="tablist" aria-label={label} className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
      {tabs.map((t) => (
        <button
          key={t.key}
          role="tab"
          type="button"
          aria-selected={t.key === selected}
          onClick={() => onSelect(t.key)}
          className={`rounded-md px-3 py-1 text-sm font-medium ${t.key === selected ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function SeatsBar({ taken, capacity }: { taken: number; capacity: number }) {
  const full = taken >= capacity;
  const percent = capacity > 0 ? Math.min(100, Math.round((taken / capacity) * 100)) : 100;
  return (
    <div className="flex min-w-36 items-center gap-2">
      <div className="h-2 w-20 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
        <div
          className={`h-full rounded-full ${full ? 'bg-rose-600' : percent >= 80 ? 'bg-amber-500' : 'bg-emerald-600'}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="text-sm text-slate-700 tabular-nums">
        {taken} / {capacity}
        {full ? <span className="ml-2 rounded bg-rose-100 px-1.5 py-0.5 text-xs font-semibold text-rose-800">Full</span> : null}
      </span>
    </div>
  );
}

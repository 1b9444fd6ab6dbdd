export function SeatsBar({ taken, capacity }: { taken: number; capacity: number }) {
  const full = taken >= capacity;
  const percent = capacity > 0 ? Math.min(100, Math.round((taken / capacity) * 100)) : 100;
  return (
    <div className="flex min-w-36 items-center gap-2">
      {/* An SVG width, not an inline style: the Content-Security-Policy allows no inline styles (proxy.ts). */}
      <svg
        className="h-2 w-20 overflow-hidden rounded-full bg-slate-200"
        viewBox="0 0 100 1"
        preserveAspectRatio="none"
        aria-hidden="true"
      >
        <rect
          width={percent}
          height="1"
          className={full ? 'fill-rose-600' : percent >= 80 ? 'fill-amber-500' : 'fill-emerald-600'}
        />
      </svg>
      <span className="text-sm text-slate-700 tabular-nums">
        {taken} / {capacity}
        {full ? <span className="ml-2 rounded bg-rose-100 px-1.5 py-0.5 text-xs font-semibold text-rose-800">Full</span> : null}
      </span>
    </div>
  );
}

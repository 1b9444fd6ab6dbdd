import type { ReactNode } from 'react';

/** A page's title, what it is about (usually the term), and an optional summary or action at the right. */
export function PageHeader({ title, subtitle, aside }: { title: ReactNode; subtitle?: ReactNode; aside?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold text-brand-900">{title}</h1>
        {subtitle ? <p className="text-slate-600">{subtitle}</p> : null}
      </div>
      {aside}
    </div>
  );
}

/** The highlighted figure beside a page's title (credits, sections, students). */
export function Summary({ children }: { children: ReactNode }) {
  return <p className="rounded-lg bg-brand-50 px-4 py-2 text-brand-900">{children}</p>;
}

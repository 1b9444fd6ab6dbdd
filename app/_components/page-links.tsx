import Link from 'next/link';

/**
 * Previous / next links under a paginated list. `href(page)` builds each link from the list's own search and
 * filter, so paging never drops them.
 */
export function PageLinks({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className="font-medium text-brand-700">
          ← Previous page
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} className="font-medium text-brand-700">
          Next page →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** `path?term=…&q=…&open=1&page=n`, leaving out what is empty or the default. */
export function listHref(path: string, params: { term: string; q?: string; open?: boolean }) {
  return (page: number) => {
    const link = new URLSearchParams({
      term: params.term,
      ...(params.q ? { q: params.q } : {}),
      ...(params.open ? { open: '1' } : {}),
    });
    if (page > 1) link.set('page', String(page));
    return `${path}?${link}`;
  };
}

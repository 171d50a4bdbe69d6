import type { ReactNode } from 'react';
import { PAGES, type PageId } from './pages';

/** The page links; the current one carries `aria-current="page"`. */
export function PageNav({ current }: { readonly current: PageId }): ReactNode {
  return (
    <nav className="page-nav" aria-label="Settings pages">
      <ul>
        {PAGES.map((page) => (
          <li key={page.id}>
            <a href={`#${page.id}`} aria-current={page.id === current ? 'page' : undefined}>
              {page.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

import { useEffect, useState } from 'react';
import { pageFromHash, type PageId } from './pages';

/** The page shown, following the location hash so that reload and back keep it. */
export function usePage(): PageId {
  const [page, setPage] = useState<PageId>(() => pageFromHash(window.location.hash) ?? 'account');
  useEffect(() => {
    const follow = (): void => {
      const named = pageFromHash(window.location.hash);
      if (named !== null) setPage(named);
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return page;
}

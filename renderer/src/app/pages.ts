/** The pages of the settings window, in nav order. */
export const PAGES = [
  { id: 'account', label: 'Account' },
  { id: 'servers', label: 'Servers' },
  { id: 'clients', label: 'Clients' },
  { id: 'guard', label: 'Guard' },
  { id: 'activity', label: 'Activity' },
  { id: 'proxy', label: 'Proxy' },
] as const;

/** One page id. */
export type PageId = (typeof PAGES)[number]['id'];

/** The page a location hash (`#servers`) names, or null for any other hash. */
export function pageFromHash(hash: string): PageId | null {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((page) => page.id === id)?.id ?? null;
}

/** A small static HTML page and the headers it is served with. */
export interface HtmlPage {
  readonly status: number;
  readonly contentType: string;
  /** Extra response headers (no caching, no referrer, a CSP that allows no scripts). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/** A small static page; `message` is our own text, escaped, never a query value. */
export function htmlPage(
  status: number,
  title: string,
  message: string,
  extraHeaders: Record<string, string> = {},
): HtmlPage {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MCP Gate — ${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}h1{font-size:1.4em}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>
`;
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    headers: { ...PAGE_HEADERS, ...extraHeaders },
    body,
  };
}

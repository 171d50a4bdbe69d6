import { defaultFetch, readBodyText } from '../core/auth/http-fetch';
import type { GateHealth } from '../core/gate';

/** Asks a running MCP Gate proxy for its health; null when nothing (or something else) answers. */
export async function proxyHealth(base: string): Promise<GateHealth | null> {
  try {
    const res = await defaultFetch(`${base}/health`, {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(1500),
      redirect: 'manual',
    });
    const text = await readBodyText(res, 64 * 1024);
    if (res.status < 200 || res.status > 299) return null;
    const body = JSON.parse(text) as Partial<GateHealth>;
    return body.status === 'ok' && typeof body.signedIn === 'boolean' ? (body as GateHealth) : null;
  } catch {
    return null;
  }
}

import type { GateHealth } from '../core/gate';

/** Asks a running MCP Gate proxy for its health; null when nothing (or something else) answers. */
export async function proxyHealth(base: string): Promise<GateHealth | null> {
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(1500) });
    if (!res.ok) return null;
    const body = (await res.json()) as Partial<GateHealth>;
    return body.status === 'ok' && typeof body.signedIn === 'boolean' ? (body as GateHealth) : null;
  } catch {
    return null;
  }
}

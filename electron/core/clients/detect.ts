import { stat } from 'node:fs/promises';
import {
  clientInfo,
  configPaths,
  type ClientId,
  type ConfigCandidate,
  type PathContext,
} from '../../../shared/clients';

/** What is on this machine for one client. */
export interface DetectedClient {
  readonly id: ClientId;
  /** Its config folder or app install was found. */
  readonly found: boolean;
  /** The file MCP Gate reads and writes; null for clients without a file (or platform). */
  readonly file: string | null;
  /** That file exists already. */
  readonly fileExists: boolean;
  /** The layout in use, e.g. `cline-4` / `cline-3`, or null. */
  readonly layout: string | null;
  /** Every place that was looked at, most likely first. */
  readonly candidates: readonly ConfigCandidate[];
}

/** Answers whether a path exists (injected in tests). */
export type PathProbe = (path: string) => Promise<boolean>;

/** The file-system probe: true when `path` exists. */
export const probePath: PathProbe = async (path) => {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * Finds a client: the first candidate whose file or marker folder exists wins (so Cline 4's
 * `~/.cline` beats a leftover Cline 3 globalStorage file); with none, the first candidate is where
 * a new file would go.
 */
export async function detectClient(
  id: ClientId,
  ctx: PathContext,
  probe: PathProbe = probePath,
): Promise<DetectedClient> {
  const candidates = configPaths(id, ctx);
  if (clientInfo(id).kind !== 'file' || candidates.length === 0) {
    return { id, found: false, file: null, fileExists: false, layout: null, candidates };
  }
  for (const candidate of candidates) {
    const fileExists = await probe(candidate.path);
    if (fileExists || (await probe(candidate.marker))) {
      return {
        id,
        found: true,
        file: candidate.path,
        fileExists,
        layout: candidate.layout,
        candidates,
      };
    }
  }
  const first = candidates[0] as ConfigCandidate;
  return {
    id,
    found: false,
    file: first.path,
    fileExists: false,
    layout: first.layout,
    candidates,
  };
}

/** detectClient for every client id. */
export async function detectClients(
  ids: readonly ClientId[],
  ctx: PathContext,
  probe: PathProbe = probePath,
): Promise<DetectedClient[]> {
  return Promise.all(ids.map((id) => detectClient(id, ctx, probe)));
}

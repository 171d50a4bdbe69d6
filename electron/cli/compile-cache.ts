import envPaths from 'env-paths';
import module from 'node:module';
import { join } from 'node:path';

/**
 * Lets Node keep the compiled code of this CLI in the user's own cache folder (e.g.
 * ~/.cache/mcp-gate/compile-cache), so later starts skip most parsing and compiling. Never the
 * shared temp folder (Node's default), where another user could plant compiled code.
 * NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE work as Node documents them.
 */
export function enableCompileCache(): void {
  try {
    module.enableCompileCache(join(envPaths('mcp-gate', { suffix: '' }).cache, 'compile-cache'));
  } catch {
    // a start without the cache is only slower
  }
}

/** Writes what was compiled so far to the cache (a proxy may be stopped without a clean exit). */
export function flushCompileCache(): void {
  try {
    module.flushCompileCache();
  } catch {
    // as above
  }
}

import { build } from 'vite';

/** Builds the renderer once into dist/renderer before the browser tests serve it. */
export default async function setup(): Promise<void> {
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: 'vite.renderer.config.ts', mode: 'production', logLevel: 'warn' });
  } finally {
    if (previous === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previous;
  }
}

import { enableCompileCache, flushCompileCache } from './compile-cache';

// before anything else is loaded, so the rest of the CLI is compiled with the cache (the build
// keeps ./program in a file of its own for that reason)
enableCompileCache();
void import('./program').then(async ({ main }) => {
  await main(process.argv);
  // a proxy keeps running from here on, and may be stopped without a clean exit
  flushCompileCache();
});

import { enableCompileCache, flushCompileCache } from './compile-cache';

// before anything else is loaded, so the rest of the CLI is compiled with the cache
enableCompileCache();
const { main } = await import('./program');
await main(process.argv);
// a proxy keeps running from here on, and may be stopped without a clean exit
flushCompileCache();

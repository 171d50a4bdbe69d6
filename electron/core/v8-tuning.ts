import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process. Imported first by both entries
 * (the CLI and the Electron main process), before any request is served.
 *
 * Pretenuring makes optimised code allocate the objects of a literal straight in the old
 * generation once most of them were seen to survive. Our reading of the traces: while a proxy
 * warms up, per-request objects can look long-lived; once tenured, every request's objects are
 * born old and keep the young objects they point to (the request, the response, their
 * closures) alive through each scavenge until the next full collection. In about half of 24
 * starts measured, the gate settled into that state under load: ~11 % of young allocations
 * survived each scavenge instead of ~0.3 %, and each scavenge paused the proxy for ~10 ms
 * instead of under 1 ms, several times a second (`bench/profile/gc-survival.ts`,
 * docs/PERFORMANCE.md). With the flag set here, 1 of 26 starts did (0 of 12 with it on node's
 * command line, which an installed CLI cannot portably pass). A proxy's allocations are
 * short-lived by nature: nothing is lost.
 */
setFlagsFromString('--no-allocation-site-pretenuring');

/** `npm run bench [-- --quick]`: MCP Gate against nginx and a direct connection, in one run. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cleanup, stopOnSignals } from './infra/cleanup';
import { writeDocsTable, writeResultJson } from './infra/write-results';
import { startWatchdog } from './infra/watchdog';
import { BENCH_USAGE, parseBenchArgs } from './lib/bench-options';
import { reportMarkdown } from './lib/report-markdown';
import { runBench } from './run-bench';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${BENCH_USAGE}\n`);
  process.exit(0);
}

const started = performance.now();
const log = (line: string): void => {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`[${s}s] ${line}\n`);
};
const cleanup = new Cleanup();
const removeSignalHandlers = stopOnSignals(cleanup);
try {
  const options = parseBenchArgs(argv, join(ROOT, 'dist/cli/mcp-gate.cjs'));
  const watchdog = startWatchdog(cleanup);
  const report = await runBench(options, ROOT, { cleanup, watchdog }, log);
  const markdown = reportMarkdown(report);
  process.stdout.write(`\n${markdown}\n\n`);
  const file = writeResultJson(join(ROOT, 'bench/results'), report, new Date());
  log(`wrote ${file}`);
  if (options.writeDocs) {
    writeDocsTable(join(ROOT, 'docs/PERFORMANCE.md'), markdown);
    log('updated docs/PERFORMANCE.md');
  }
} catch (error) {
  if (!cleanup.stopping)
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exitCode = 1;
} finally {
  await cleanup.run();
  removeSignalHandlers();
  log('done');
}

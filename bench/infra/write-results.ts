import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceDocsBlock } from '../lib/docs-block';
import type { BenchReport } from '../lib/report-shape';

/** Writes the report as bench/results/<date>[-quick|-custom].json, adding the time when that file exists. */
export function writeResultJson(dir: string, report: BenchReport, now: Date): string {
  mkdirSync(dir, { recursive: true });
  const day = now.toISOString().slice(0, 10);
  const suffix = report.mode === 'full' ? '' : `-${report.mode}`;
  let file = join(dir, `${day}${suffix}.json`);
  if (existsSync(file)) {
    const time = now.toISOString().slice(11, 19).replace(/:/g, '');
    file = join(dir, `${day}${suffix}-${time}.json`);
  }
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/** Puts `markdown` between the bench markers of the docs page (creating the page if needed). */
export function writeDocsTable(docPath: string, markdown: string): void {
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Performance\n';
  writeFileSync(docPath, replaceDocsBlock(doc, markdown));
}

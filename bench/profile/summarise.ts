/** `tsx bench/profile/summarise.ts <file.cpuprofile> [limit]`: self time by package and by function. */
import { readFileSync } from 'node:fs';
import { formatNumber, formatTable } from '../lib/table';
import { summariseCpuProfile, type CpuProfile, type SelfTime } from './cpu-profile-summary';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: tsx bench/profile/summarise.ts <file.cpuprofile> [limit]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const summary = summariseCpuProfile(profile, Number(process.argv[3] ?? '25'));
const rows = (list: readonly SelfTime[]): string[][] =>
  list.map((t) => [t.name, formatNumber(t.ms, 0), `${formatNumber(t.share * 100, 1)} %`]);
process.stdout.write(
  `total sampled: ${formatNumber(summary.totalMs, 0)} ms\n\n` +
    `${formatTable(['package / file', 'self ms', 'share'], rows(summary.groups), ['left', 'right', 'right'])}\n\n` +
    `${formatTable(['function', 'self ms', 'share'], rows(summary.functions), ['left', 'right', 'right'])}\n`,
);

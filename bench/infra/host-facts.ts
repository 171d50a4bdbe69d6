import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, type as osType } from 'node:os';
import type { HostFacts } from '../lib/report-shape';

function firstLine(command: string, args: readonly string[]): string {
  const result = spawnSync(command, [...args], { encoding: 'utf8' });
  if (result.error !== undefined) return `${command}: not found`;
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0] ?? '';
}

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
}

/** CPU, cores, OS and the versions of Node, nginx and wrk on this machine. */
export function hostFacts(): HostFacts {
  return {
    cpu_model: cpuModel(),
    cores: cpus().length,
    os: `${osType()} ${release()}`,
    node: process.version,
    nginx: firstLine('nginx', ['-v']).replace(/^nginx version:\s*/, ''),
    wrk: firstLine('wrk', ['-v']).replace(/\s*Copyright.*$/, ''),
    load_average_at_start: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

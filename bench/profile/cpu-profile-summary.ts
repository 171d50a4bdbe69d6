/** A V8 `.cpuprofile` as `node --cpu-prof` writes it (the parts read here). */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly hitCount?: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
    readonly children?: readonly number[];
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Self time of one function or one group, in ms and as a share of all samples. */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** Where a script URL belongs: its npm package, `node:internal`, the bundle, or the special V8 nodes. */
export function groupOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg !== undefined) return pkg;
  if (url.startsWith('node:')) return 'node:internal';
  return url.split('/').slice(-2).join('/');
}

function top(totals: ReadonlyMap<string, number>, all: number, limit: number): SelfTime[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, us]) => ({ name, ms: us / 1000, share: all === 0 ? 0 : us / all }));
}

/** Self time by function and by package (time per sample from `timeDeltas`), biggest first. */
export function summariseCpuProfile(
  profile: CpuProfile,
  limit = 25,
): { readonly functions: SelfTime[]; readonly groups: SelfTime[]; readonly totalMs: number } {
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? -1;
    // a sample's delta is the time since the previous one: book it to this sample's node
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, deltas[i] ?? 0));
  }
  const functions = new Map<string, number>();
  const groups = new Map<string, number>();
  let all = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const group = groupOf(url, functionName);
    const fn = `${functionName || '(anonymous)'} ${group}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    groups.set(group, (groups.get(group) ?? 0) + us);
    all += us;
  }
  return {
    functions: top(functions, all, limit),
    groups: top(groups, all, limit),
    totalMs: all / 1000,
  };
}

/** Longest tool glob accepted (the settings schema allows no more). */
export const MAX_TOOL_GLOB_LENGTH = 256;

/**
 * True when `name` matches `glob`: `*` stands for any run of characters (`-` included), `?`
 * for one character, everything else for itself, ignoring ASCII case (so `ecs-*-delete*` and
 * `Ecs-*-Delete*` are the same rule: a rule that silently missed because of case would fail open).
 */
export function matchToolGlob(glob: string, name: string): boolean {
  const p = glob.toLowerCase();
  const s = name.toLowerCase();
  let pi = 0;
  let si = 0;
  let starAt = -1;
  let resumeAt = 0;
  // linear-time wildcard match with backtracking to the last `*` only (no regex, no blow-up)
  while (si < s.length) {
    const pc = p[pi];
    if (pc === '*') {
      starAt = pi++;
      resumeAt = si;
    } else if (pc !== undefined && (pc === '?' || pc === s[si])) {
      pi++;
      si++;
    } else if (starAt !== -1) {
      pi = starAt + 1;
      si = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** Why a tool glob cannot be a rule, or null when it can (printable, no spaces, not too long). */
export function toolGlobProblem(glob: string): string | null {
  if (glob.length === 0) return 'the tool pattern is empty';
  if (glob.length > MAX_TOOL_GLOB_LENGTH) {
    return `the tool pattern is longer than ${MAX_TOOL_GLOB_LENGTH} characters`;
  }
  if (!/^[\x21-\x7e]+$/.test(glob)) {
    return 'the tool pattern has spaces or non-ASCII characters (tool names look like Ecs-20140526-DeleteInstance)';
  }
  return null;
}

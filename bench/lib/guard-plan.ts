/** How the guard-on scenario measures inspection cost with the build at hand. */
export type GuardPlan =
  | {
      /** The CLI has `--guard` but no way to switch the Guard off: two core runners, with and without it. */
      readonly kind: 'guard';
      readonly measured: string;
    }
  | {
      /** No Guard in this CLI: one core runner with its activity log (JSON-RPC peek + JSON line) on and off. */
      readonly kind: 'activity-log';
      readonly measured: string;
    };

/**
 * Reads `mcp-gate proxy --help`. With a `--guard` option (whose presets all inspect every
 * tools/call, so the CLI cannot run without the Guard) the scenario compares the gate core built
 * from these sources with the Guard at allow-all and without it; otherwise it compares the
 * activity log on and off.
 */
export function guardPlanFromHelp(help: string): GuardPlan {
  if (/^\s*--guard\b/m.test(help)) {
    return {
      kind: 'guard',
      measured:
        'the gate core (built from the sources) with the Guard at allow-all (every tools/call read, parsed and decided, none refused) vs without the Guard; activity log on in both',
    };
  }
  return {
    kind: 'activity-log',
    measured:
      'no --guard in this CLI: the gate core (built from the sources, no Guard) with its activity log (JSON-RPC peek + one JSON line per request) on vs off',
  };
}

/** A stop action registered by whoever started something. */
export type CleanupTask = () => Promise<void> | void;

/** Stops everything the run started, newest first, once — on success, failure or Ctrl-C. */
export class Cleanup {
  readonly #tasks: CleanupTask[] = [];
  #running: Promise<void> | null = null;

  /** Registers a stop action; returns a function that unregisters it. */
  add(task: CleanupTask): () => void {
    this.#tasks.push(task);
    return () => {
      const i = this.#tasks.indexOf(task);
      if (i !== -1) this.#tasks.splice(i, 1);
    };
  }

  /** True once the cleanup has begun (e.g. on Ctrl-C): work still under way fails, and that is expected. */
  get stopping(): boolean {
    return this.#running !== null;
  }

  /** Runs every registered action (newest first); errors are reported, never thrown. */
  run(): Promise<void> {
    this.#running ??= (async () => {
      while (this.#tasks.length > 0) {
        const task = this.#tasks.pop();
        try {
          await task?.();
        } catch (error) {
          process.stderr.write(
            `bench: cleanup step failed: ${error instanceof Error ? error.message : String(error)}\n`,
          );
        }
      }
    })();
    return this.#running;
  }
}

/** On SIGINT/SIGTERM: runs the cleanup, then exits 130; returns the function that removes the handlers. */
export function stopOnSignals(cleanup: Cleanup): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\nbench: ${signal}: stopping everything it started…\n`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

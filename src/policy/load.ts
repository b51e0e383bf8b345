/**
 * Loading the CEL half of the policy module (./runtime.ts) on demand. CEL costs a one-file run more than a third of
 * its start-up, so it is imported only when a run needs it: the engine awaits `loadCel()` before the checks run when
 * the config has `customChecks` or the repository holds a ValidatingAdmissionPolicy; the checks stay synchronous and
 * reach it through `celRuntime()`.
 */
type Runtime = typeof import('./runtime.js');

let runtime: Runtime | undefined;

/** Load the CEL runtime (once; later calls resolve at once). */
export async function loadCel(): Promise<void> {
  runtime ??= await import('./runtime.js');
}

export function celLoaded(): boolean {
  return runtime !== undefined;
}

/** The CEL runtime was needed before anyone loaded it. */
export class CelNotLoaded extends Error {
  constructor(what: string) {
    super(`${what} need the CEL runtime: await loadCel() first (lintFiles, lintText and resolveConfigFor do)`);
    this.name = 'CelNotLoaded';
  }
}

/** The loaded CEL runtime; `what` names what needs it, for the error when it was not loaded. */
export function celRuntime(what: string): Runtime {
  if (!runtime) throw new CelNotLoaded(what);
  return runtime;
}

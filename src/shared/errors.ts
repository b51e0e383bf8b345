/** A mistake in how kubeward was called (unknown option, missing path, bad value): exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

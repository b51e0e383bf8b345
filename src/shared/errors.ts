/** A mistake in how kubeward was called (unknown option, missing path, bad value): exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A bad configuration (a config file, a baseline, an option's value): exit code 2, with the key at fault. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

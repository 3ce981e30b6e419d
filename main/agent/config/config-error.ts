/** A configuration that is not valid: each problem names its source, field and expectation. */
export class ConfigError extends Error {
  readonly code = 'E_CONFIG';
  constructor(readonly problems: string[]) {
    super(`configuration is not valid:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

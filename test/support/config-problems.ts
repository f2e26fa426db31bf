import { ConfigError } from '../../src/config/config.js';

/** The problems a configuration load reports, or none when it succeeds. */
export function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

/** The one place the process environment is read; everything else gets the parsed config. */
export function processEnvironment(): Readonly<Record<string, string | undefined>> {
  return process.env;
}

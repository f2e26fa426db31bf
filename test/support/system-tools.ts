import { spawnSync } from 'node:child_process';

export interface ToolResult {
  code: number;
  output: string;
}

/** Where each tool comes from on Debian; `.ci/run` installs the package when the tool is missing. */
const PACKAGES: Readonly<Record<string, string>> = { promtool: 'prometheus', 'systemd-analyze': 'systemd' };

/**
 * Runs a system tool to completion. A missing tool fails the test, naming the package to install:
 * these checks are never skipped.
 */
export function runTool(tool: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ToolResult {
  const r = spawnSync(tool, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? `${tool} is not installed: apt-get install ${PACKAGES[tool] ?? tool} (as .ci/run does)` : `${tool} could not run: ${r.error.message}`);
  }
  return { code: r.status ?? 1, output: `${r.stdout}${r.stderr}` };
}

#!/usr/bin/env node
// Runs the compiled CLI when the package is built without sources (the container image),
// and the TypeScript sources through tsx otherwise, so a fresh clone needs no build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/entry.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/src/cli/entry.js', import.meta.url).href);
}

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SYNC = join(ROOT, 'src/sync');

/** One module a file reaches, and whether the reach is erased at compile time. */
interface ModuleReference {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

/**
 * Every module a source text reaches: static imports and re-exports, `import x = require()`,
 * dynamic `import()` and `import('…').T` types. Only `import type` / `export type` (and `import()`
 * in a type) count as type-only: `import { type A }` still loads the module under
 * verbatimModuleSyntax.
 */
function moduleReferences(fileName: string, text: string): ModuleReference[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: ModuleReference[] = [];
  const add = (node: ts.Node, specifier: ts.Node | undefined, typeOnly: boolean) => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    found.push({ specifier: specifier.text, typeOnly, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, node.isTypeOnly);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], false);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal, true);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The repository-relative path (forward slashes, `.ts`) a relative specifier names; null for a package. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = relative(ROOT, resolve(dirname(join(ROOT, fromFile)), specifier)).split(sep).join('/');
  return target.replace(/\.js$/, '.ts');
}

const isStorageModule = (path: string) => path === 'src/db' || path.startsWith('src/db/');
const isPortModule = (path: string) => path === 'src/db/port.ts' || /^src\/db\/ports\/[^/]+\.ts$/.test(path);

/** What is wrong with how a file under src/sync reaches src/db: empty when it reaches only the port, and only for types. */
function storageImportViolations(file: string, text: string): string[] {
  const out: string[] = [];
  for (const ref of moduleReferences(file, text)) {
    const target = resolveSpecifier(file, ref.specifier);
    if (target === null || !isStorageModule(target)) continue;
    if (!isPortModule(target)) out.push(`${file}:${ref.line} imports ${target}: the sync reaches storage only through src/db/port.ts and src/db/ports/*`);
    else if (!ref.typeOnly) out.push(`${file}:${ref.line} imports ${target} for its values: use \`import type\``);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return filesUnder(path);
    return e.name.endsWith('.ts') ? [relative(ROOT, path).split(sep).join('/')] : [];
  });
}

describe('the scanner of imports from src/sync into src/db', () => {
  const file = 'src/sync/example.phase.ts';
  const cases: { label: string; text: string; violations: RegExp[] }[] = [
    { label: 'a type from the port', text: "import type { Storage } from '../db/port.js';", violations: [] },
    { label: 'a type from a store port', text: "import type { TeacherStore } from '../db/ports/teacher.port.js';", violations: [] },
    { label: 'a type re-exported from the port', text: "export type { Repositories } from '../db/port.js';", violations: [] },
    { label: 'modules outside src/db', text: "import { chunk } from './read-ahead.js';\nimport pino from 'pino';\nimport { x } from '../core/identity.js';", violations: [] },
    { label: 'a file whose name only starts like db', text: "import { y } from '../dbx/thing.js';", violations: [] },
    { label: 'a value from the port', text: "import { Storage } from '../db/port.js';", violations: [/src\/db\/port\.ts for its values/] },
    { label: 'inline type specifiers only', text: "import { type Storage } from '../db/port.js';", violations: [/for its values/] },
    { label: 'a type from a repository', text: "import type { TeacherRow } from '../db/repositories/teacher.repository.js';", violations: [/imports src\/db\/repositories\/teacher\.repository\.ts/] },
    { label: 'a value from the database module', text: "import { isUnreachable } from '../db/database.js';", violations: [/imports src\/db\/database\.ts/] },
    {
      label: 'an import over several lines, on its line',
      text: "// header\nimport {\n  chunks,\n} from '../db/upsert.js';",
      violations: [/example\.phase\.ts:2 imports src\/db\/upsert\.ts/],
    },
    { label: 'a side-effect import', text: "import '../db/port.js';", violations: [/for its values/] },
    { label: 'a re-export of values', text: "export { createStorage } from '../db/storage.js';", violations: [/imports src\/db\/storage\.ts/] },
    { label: 'a dynamic import', text: "const m = await import('../db/migrator.js');", violations: [/imports src\/db\/migrator\.ts/] },
    { label: 'an import() type of a repository', text: "let r: import('../db/repositories.js').Repositories;", violations: [/imports src\/db\/repositories\.ts/] },
    { label: 'a nested folder of ports', text: "import type { X } from '../db/ports/deep/x.port.js';", violations: [/imports src\/db\/ports\/deep\/x\.port\.ts/] },
    { label: 'a path that climbs out and back in', text: "import type { S } from '../../src/db/database.js';", violations: [/imports src\/db\/database\.ts/] },
  ];

  it.each(cases)('$label', ({ text, violations }) => {
    const found = storageImportViolations(file, text);
    expect(found).toHaveLength(violations.length);
    violations.forEach((pattern, i) => expect(found[i]).toMatch(pattern));
  });

  it('resolves from a nested folder of the sync', () => {
    expect(storageImportViolations('src/sync/phases/plan.ts', "import type { S } from '../../db/port.js';")).toEqual([]);
    expect(storageImportViolations('src/sync/phases/plan.ts', "import { S } from '../../db/storage.js';")).toHaveLength(1);
  });
});

/** The sync decides and orchestrates; how rows are stored is the repositories' business, behind the port. */
describe('src/sync', () => {
  const files = filesUnder(SYNC);

  it('has files to scan', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('reaches src/db only through the port, and only for types', () => {
    const violations = files.flatMap((f) => storageImportViolations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(violations).toEqual([]);
  });
});

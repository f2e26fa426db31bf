/**
 * Writes data/text/han-fold.json, the character fold's table, from OpenCC's tables as opencc-js
 * ships them. Run it after updating opencc-js; a unit test fails while the file and the tables differ.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/areacodes/area-code-history.js';
import { buildHanFoldTable } from '../src/text/han-fold-table.js';
import { HAN_FOLD_FILE } from '../src/text/simplified-chinese.js';

const table = buildHanFoldTable();
const sorted = Object.fromEntries([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
writeFileSync(join(packageRoot(), HAN_FOLD_FILE), `${JSON.stringify(sorted, null, 0)}\n`);
console.log(`${HAN_FOLD_FILE}: ${table.size} characters`);

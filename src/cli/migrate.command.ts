import type { Command } from 'commander';
import { loadBaseConfig } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import type { CliIo } from './io.js';

export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending database migrations (also done on every start)')
    .action(async () => {
      const cfg = loadBaseConfig(io.env);
      const handle = await openDatabase(cfg.database);
      try {
        const results = await migrateToLatest(handle.db, handle.address);
        if (results.length === 0) io.out('database is up to date');
        for (const r of results) io.out(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
      } finally {
        await handle.close();
      }
    });
}

// Type-aware rules that catch the mistakes that matter in a daemon: a promise nobody awaits, a
// promise where a callback is expected, a switch that forgets a case. Functions in src/ stay short
// enough to read at once: a longer one is split into named steps.
import tseslint from 'typescript-eslint';

const MAX_FUNCTION_LINES = ['error', { max: 80, skipBlankLines: true, skipComments: true }];

/**
 * Functions over the limit while they are being split; each entry says why it is let through.
 * Temporary: the list empties as they are shortened, and the rule then holds everywhere in src/.
 */
const LONG_FUNCTIONS_BEING_SPLIT = [
  { file: 'src/core/teacher-validation.ts', reason: 'validateTeacher (108 lines) is being split into its checks' },
  { file: 'src/platforms/http/http-client.ts', reason: 'createHttpClient (132 lines) is being split into request, retry and error mapping' },
  { file: 'src/queue/sync-run.job.ts', reason: 'syncRunProcessor (134 lines) moves onto the shared run lifecycle' },
  { file: 'src/reports/report-dispatch.ts', reason: 'dispatchReports (84 lines) is being split by kind of delivery' },
  { file: 'src/sync/plan.phase.ts', reason: 'planPhase (113 lines) is being split into read, decide and write' },
  { file: 'src/sync/pull-teachers.phase.ts', reason: 'pullTeachers (90 lines) loses the teacher-record rules it shares with the mapping' },
  { file: 'src/sync/push.phase.ts', reason: 'pushPhase (127 lines) and its pushOne (91) are being split into read, classify and write' },
];

export default tseslint.config(
  { ignores: ['vitest.config.ts', 'dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'reports/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  { files: ['src/**/*.ts'], rules: { 'max-lines-per-function': MAX_FUNCTION_LINES } },
  ...LONG_FUNCTIONS_BEING_SPLIT.map(({ file }) => ({ files: [file], rules: { 'max-lines-per-function': 'off' } })),
);

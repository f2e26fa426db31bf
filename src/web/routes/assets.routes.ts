import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { CONSOLE_CSS } from '../assets/console-css.js';
import { CONSOLE_JS } from '../assets/console-js.js';
import type { RouteModule } from './route-context.js';

const require = createRequire(import.meta.url);

/** Third-party scripts, served from the installed packages: the console loads nothing from elsewhere. */
const VENDOR: Readonly<Record<string, string>> = {
  'echarts.min.js': 'echarts/dist/echarts.min.js',
  'htmx.min.js': 'htmx.org/dist/htmx.min.js',
};

const LONG_CACHE = 'public, max-age=86400';

/** /assets/console.css, /assets/console.js and /vendor/{echarts,htmx}.min.js. */
export const assetRoutes: RouteModule = (app) => {
  const cache = new Map<string, Buffer>();
  app.get('/assets/console.css', { config: { public: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', LONG_CACHE).send(CONSOLE_CSS));
  app.get('/assets/console.js', { config: { public: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', LONG_CACHE).send(CONSOLE_JS));
  app.get<{ Params: { file: string } }>('/vendor/:file', { config: { public: true } }, async (request, reply) => {
    const module = Object.hasOwn(VENDOR, request.params.file) ? VENDOR[request.params.file] : undefined;
    if (module === undefined) return reply.callNotFound();
    let body = cache.get(module);
    if (!body) cache.set(module, (body = await readFile(require.resolve(module))));
    return reply.type('text/javascript; charset=utf-8').header('cache-control', LONG_CACHE).send(body);
  });
};

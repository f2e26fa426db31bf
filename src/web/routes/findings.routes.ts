import { sendPage } from '../layout.js';
import { html } from '../html.js';
import type { RouteModule } from './route-context.js';

/** GET /findings/:area: the findings of a county or city, as its report lists them. */
export const findingsRoutes: RouteModule = (app, { access }) => {
  app.get<{ Params: { area: string } }>('/findings/:area', {
    schema: { params: { type: 'object', properties: { area: { type: 'string', pattern: '^\\d{6}$' } }, required: ['area'] } },
  }, async (request, reply) => {
    access.require(request, { kind: 'area', code: request.params.area }, 'findings');
    return sendPage(request, reply, { title: '问题清单', active: 'findings', body: html`<p>${request.params.area}</p>` });
  });
};

// The OpenAPI document, generated from the route schemas: JSON at /openapi.json, browsable at /docs.

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { RATE_LIMIT_EXEMPT } from './ratelimit.js';

export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Code Live render server',
        version,
        description: 'Render .live kernels to idiomatic code in several languages. Errors are RFC 9457 problem details (docs/api.md).',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { config: RATE_LIMIT_EXEMPT, schema: { hide: true } }, async () => app.swagger());
}

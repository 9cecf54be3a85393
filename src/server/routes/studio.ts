// GET /: the Code Live studio, a single-page app built by Vite into dist/studio
// (`npm run build:studio`; docs/studio.md). When the build is missing, `/` says how to make it
// instead of a bare 404, so a fresh checkout explains itself.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const STUDIO_DIST = fileURLToPath(new URL('../../../dist/studio/', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Code Live studio not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The studio is not built</h1>
<p>This server serves the studio from <code>dist/studio</code>, which does not exist yet.
Build it with</p>
<pre>npm run build:studio</pre>
<p>and restart the server (<code>npm start</code> builds it first). The HTTP API works meanwhile:
<a href="/docs">/docs</a>.</p>
</body></html>
`;

export async function studioRoutes(app: FastifyInstance, { root = STUDIO_DIST }: { root?: string } = {}): Promise<void> {
  if (!existsSync(`${root}/index.html`)) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE),
    );
    return;
  }
  // wildcard: false registers one route per built file, so unknown paths keep the API's
  // problem-document 404 instead of a static-file miss.
  await app.register(fastifyStatic, { root, prefix: '/', wildcard: false, index: 'index.html', schemaHide: true });
}

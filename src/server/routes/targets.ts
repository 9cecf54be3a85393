// GET /v1/targets: what this server can render, with which flags, within which limits.

import type { FastifyInstance } from 'fastify';
import { resolveLimits } from '../../lang/limits.js';
import { DEFAULT_FLAGS, SQL_DIALECTS } from '../../targets/target.js';
import { TARGETS, targetInfo } from '../../targets/registry.js';
import type { ServerConfig } from '../config.js';

const targetInfoSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    displayName: { type: 'string' },
    extension: { type: 'string' },
    parallel: { type: 'string', enum: ['native', 'none'] },
    dialects: { type: 'array', items: { type: 'string' } },
  },
  required: ['name', 'displayName', 'extension', 'parallel'],
} as const;

const flagSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    values: { type: 'array', items: { type: 'string' } },
    default: {},
    description: { type: 'string' },
  },
  required: ['type', 'description'],
} as const;

const intMap = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export async function targetRoutes(app: FastifyInstance, { config }: { config: ServerConfig }): Promise<void> {
  const body = {
    targets: TARGETS.map(targetInfo),
    flags: {
      parallel: { type: 'boolean', default: DEFAULT_FLAGS.parallel, description: 'Render the parallel form where the target has one.' },
      params: {
        type: 'string',
        values: ['runtime', 'baked'],
        default: DEFAULT_FLAGS.params,
        description: 'baked: param values become constants and are folded in.',
      },
      mode: {
        type: 'string',
        values: ['function', 'program'],
        default: DEFAULT_FLAGS.mode,
        description: 'program: a complete file reading JSON on stdin (docs/language.md).',
      },
      entry: { type: 'string', description: 'Program mode: the kernel to run (default: the first).' },
      dialect: { type: 'string', values: [...SQL_DIALECTS], description: 'SQL dialect.' },
    },
    limits: {
      server: {
        maxBatchItems: config.maxBatchItems,
        bodyLimitBytes: config.bodyLimitBytes,
        renderTimeoutMs: config.renderTimeoutMs,
      },
      language: { ...resolveLimits(config.languageLimits) },
    },
  };

  app.get(
    '/v1/targets',
    {
      schema: {
        summary: 'Targets, flags and limits',
        response: {
          200: {
            type: 'object',
            properties: {
              targets: { type: 'array', items: targetInfoSchema },
              flags: { type: 'object', additionalProperties: flagSchema },
              limits: { type: 'object', properties: { server: intMap, language: intMap } },
            },
          },
        },
      },
    },
    async () => body,
  );
}

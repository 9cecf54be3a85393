// JSON Schemas of the HTTP API: Fastify validates requests with them, serialises responses
// with them, and @fastify/swagger turns them into the OpenAPI document.

import { TARGET_NAMES } from '../../targets/registry.js';
import { SQL_DIALECTS } from '../../targets/target.js';

const targetName = { type: 'string', enum: [...TARGET_NAMES] } as const;

const position = {
  type: 'object',
  properties: { line: { type: 'integer' }, column: { type: 'integer' }, offset: { type: 'integer' } },
  required: ['line', 'column', 'offset'],
} as const;

export const diagnosticSchema = {
  $id: 'Diagnostic',
  type: 'object',
  properties: {
    code: { type: 'string', description: 'Stable code, CL + 4 digits (docs/diagnostics.md).' },
    severity: { type: 'string', enum: ['error', 'warning'] },
    title: { type: 'string' },
    message: { type: 'string' },
    span: { type: ['object', 'null'], properties: { start: position, end: position } },
    hint: { type: 'string' },
  },
  required: ['code', 'severity', 'title', 'message', 'span'],
} as const;

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details; `type` is stable per error class (docs/api.md).',
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail'],
  additionalProperties: true,
} as const;

const reason = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' }, kernel: { type: 'string' } },
  required: ['code', 'message'],
} as const;

const ms = { type: 'number', description: 'milliseconds' } as const;

export const targetResultSchema = {
  $id: 'TargetResult',
  type: 'object',
  properties: {
    target: targetName,
    status: {
      type: 'string',
      enum: ['ok', 'unsupported', 'unavailable', 'timeout', 'error', 'overloaded', 'cancelled'],
      description: 'ok: `code` holds the render; unsupported: the target cannot express the program (see `diagnostics`); otherwise `problem` says why.',
    },
    code: { type: 'string' },
    degraded: { type: 'boolean', description: 'A parallel form was asked for and could not be given; `reasons` say why.' },
    reasons: { type: 'array', items: reason },
    diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' } },
    cache: {
      type: 'string',
      enum: ['hit', 'ir_hit', 'shared', 'miss', 'bypass'],
      description: 'hit: same source cached; ir_hit: same canonical IR cached; shared: joined an identical render in flight.',
    },
    timings: {
      type: 'object',
      properties: { queue: ms, front: ms, emit: ms, total: ms },
      required: ['queue', 'front', 'emit', 'total'],
    },
    problem: { $ref: 'Problem#' },
  },
  required: ['target', 'status', 'code', 'degraded', 'reasons', 'diagnostics', 'cache', 'timings'],
} as const;

export function renderRequestSchema(testFaults: boolean) {
  const faults = {
    type: 'object',
    description: 'Test builds only (CODELIVE_TEST_FAULTS=1): make a target hang, fail, crash its worker or stall.',
    additionalProperties: false,
    properties: Object.fromEntries(TARGET_NAMES.map((t) => [t, { type: 'string', pattern: '^(hang|fail|crash|delay:[0-9]{1,5})$' }])),
  };
  return {
    type: 'object',
    additionalProperties: false,
    required: ['code'],
    properties: {
      code: { type: 'string', description: 'The .live source.' },
      target: targetName,
      targets: { type: 'array', items: targetName, minItems: 1, maxItems: TARGET_NAMES.length, uniqueItems: true },
      flags: {
        type: 'object',
        additionalProperties: false,
        properties: {
          parallel: { type: 'boolean', default: false },
          params: { type: 'string', enum: ['runtime', 'baked'], default: 'runtime' },
          mode: { type: 'string', enum: ['function', 'program'], default: 'function' },
          entry: { type: 'string', minLength: 1, maxLength: 256 },
          dialect: { type: 'string', enum: [...SQL_DIALECTS] },
        },
      },
      paramValues: {
        type: 'object',
        description: 'Slider values; i64 values may be given as decimal strings to keep precision past 2^53.',
        maxProperties: 1024,
        additionalProperties: { type: ['number', 'boolean', 'string'] },
      },
      ...(testFaults ? { faults } : {}),
    },
  } as const;
}

export const renderResponseSchema = {
  $id: 'RenderResponse',
  type: 'object',
  properties: {
    irKey: { type: ['string', 'null'], description: 'Hash of the canonical IR the renders came from.' },
    degraded: { type: 'boolean', description: 'True when any target rendered with a fallback.' },
    diagnostics: { type: 'array', items: { $ref: 'Diagnostic#' }, description: 'Front-end warnings.' },
    renders: {
      type: 'object',
      description: 'One entry per requested target.',
      properties: Object.fromEntries(TARGET_NAMES.map((t) => [t, { $ref: 'TargetResult#' }])),
      additionalProperties: false,
    },
  },
  required: ['irKey', 'degraded', 'diagnostics', 'renders'],
} as const;

export function batchRequestSchema(testFaults: boolean) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: { items: { type: 'array', minItems: 1, items: renderRequestSchema(testFaults) } },
  } as const;
}

export const batchResponseSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          status: { type: 'integer', description: 'The HTTP status this item would have had on its own.' },
          render: { $ref: 'RenderResponse#' },
          problem: { $ref: 'Problem#' },
        },
        required: ['status'],
      },
    },
  },
  required: ['items'],
} as const;

export const problemResponses = {
  '4xx': { description: 'Client error (application/problem+json)', $ref: 'Problem#' },
  '5xx': { description: 'Server error (application/problem+json)', $ref: 'Problem#' },
} as const;

export const SHARED_SCHEMAS = [diagnosticSchema, problemSchema, targetResultSchema, renderResponseSchema] as const;

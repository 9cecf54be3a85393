// Every error leaves the server as application/problem+json (RFC 9457): Fastify's own errors
// (bad JSON, validation, body size, media type, unknown route) are mapped to our stable types.

import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { problem, ProblemError, PROBLEM_CONTENT_TYPE, type Problem } from '../problem.js';

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Record<string, unknown>;
}

export function installProblemHandlers(app: FastifyInstance, bodyLimitBytes: number): void {
  app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
    const { body, retryAfter } = toProblem(error, bodyLimitBytes);
    if (body.status >= 500) request.log.error({ err: error }, body.detail);
    return sendProblem(reply, { ...body, instance: request.url }, retryAfter);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem('not-found', `There is no ${request.method} ${request.url.split('?')[0]}.`, { instance: request.url })),
  );
}

export function sendProblem(reply: FastifyReply, body: Problem, retryAfterSeconds?: number): FastifyReply {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

function toProblem(error: FastifyError | ProblemError, bodyLimitBytes: number): { body: Problem; retryAfter?: number } {
  if (error instanceof ProblemError) return { body: error.problem, ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }) };
  if (error.validation) {
    const errors = (error.validation as readonly AjvError[]).map((e) => ({ path: pathOf(e), message: describe(e) }));
    const first = errors[0];
    const detail = first ? `${first.path || 'body'}: ${first.message}.` : error.message;
    return { body: problem('validation', detail, { errors }) };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { body: problem('malformed-json', 'The body is not valid JSON.') };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { body: problem('body-too-large', `The body is larger than ${bodyLimitBytes} bytes.`, { limit: bodyLimitBytes }) };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { body: problem('unsupported-media-type', 'Send the body as application/json.') };
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 404) return { body: problem('not-found', error.message) };
  if (status === 408) return { body: problem('request-timeout', 'The request body did not arrive in time.') };
  if (status >= 400 && status < 500) return { body: { ...problem('validation', error.message), status } };
  return { body: problem('internal', 'Something went wrong on our side; the request id is in x-request-id.') };
}

function pathOf(e: AjvError): string {
  const extra = e.keyword === 'additionalProperties' ? `/${String(e.params.additionalProperty)}` : '';
  const missing = e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : '';
  return `${e.instancePath}${extra}${missing}`;
}

function describe(e: AjvError): string {
  switch (e.keyword) {
    case 'enum':
      return `must be one of: ${(e.params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return 'is not a known field';
    case 'required':
      return 'is required';
    default:
      return e.message ?? e.keyword;
  }
}

// POST /v1/render and POST /v1/render/batch.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_FLAGS, type Flags, type SqlDialect, type TargetName } from '../../targets/target.js';
import { Cancellation } from '../cancel.js';
import type { ServerConfig } from '../config.js';
import type { ServerMetrics } from '../metrics.js';
import { markDegraded } from '../plugins/observability.js';
import type { Fault, RawParamValues } from '../pool/protocol.js';
import { problem, ProblemError } from '../problem.js';
import { SHED, type Renderer, type RenderOutcome, type RenderRequest } from '../renderer.js';
import type { ResponseMemo } from './memo.js';
import { ms, serverTiming, toHttpAnswer, type HttpAnswer } from './responses.js';
import { batchRequestSchema, batchResponseSchema, problemResponses, renderRequestSchema } from './schemas.js';

export interface RenderRoutesOptions {
  readonly config: ServerConfig;
  readonly renderer: Renderer;
  readonly memo: ResponseMemo;
  readonly metrics: ServerMetrics;
}

interface RenderBody {
  code: string;
  target?: TargetName;
  targets?: TargetName[];
  flags?: { parallel?: boolean; params?: Flags['params']; mode?: Flags['mode']; entry?: string; dialect?: SqlDialect };
  paramValues?: RawParamValues;
  faults?: Partial<Record<TargetName, Fault>>;
}

interface BatchBody {
  items: RenderBody[];
}

const RETRY_AFTER_SHED_SECONDS = 1;
const JSON_TYPE = 'application/json; charset=utf-8';
const RENDER_RESPONSE = { $ref: 'RenderResponse#' } as const;
// A batch answered from the memo is spliced from the items' stored bytes.
const BATCH_OPEN = Buffer.from('{"items":[');
const ITEM_OPEN = Buffer.from('{"status":200,"render":');
const NEXT_ITEM_OPEN = Buffer.from(',{"status":200,"render":');
const ITEM_CLOSE = Buffer.from('}');
const BATCH_CLOSE = Buffer.from(']}');

export async function renderRoutes(app: FastifyInstance, { config, renderer, memo, metrics }: RenderRoutesOptions): Promise<void> {
  app.post<{ Body: RenderBody }>(
    '/v1/render',
    {
      schema: {
        summary: 'Render one source to one or more targets',
        body: renderRequestSchema(config.testFaults),
        response: { 200: RENDER_RESPONSE, ...problemResponses },
      },
    },
    async (request, reply) => {
      const renderRequest = toRenderRequest(request.body, '');
      const memoized = memo.get(renderRequest);
      if (memoized) {
        const elapsed = reply.elapsedTime;
        reply.header('server-timing', `${memoized.timing}, total;dur=${ms(elapsed)}`);
        if (memoized.degraded) markDegraded(request);
        return reply.type(JSON_TYPE).send(memo.replay(memoized, elapsed));
      }
      const outcomes = await renderOrShed(renderer, [renderRequest], request, reply);
      const answer = toHttpAnswer(outcomes[0]!);
      reply.header('server-timing', serverTiming(outcomes, reply.elapsedTime));
      if (!answer.ok) throw new ProblemError(answer.problem, answer.retryAfterSeconds);
      if (answer.degraded) markDegraded(request);
      const bytes = memo.offer(renderRequest, outcomes[0]!, answer.degraded, () => serializeRender(reply, answer));
      return bytes === undefined ? answer.body : reply.type(JSON_TYPE).send(bytes);
    },
  );

  app.post<{ Body: BatchBody }>(
    '/v1/render/batch',
    {
      // Count before validating: a huge batch is refused with 413 without validating its items.
      preValidation: async (request) => {
        const items = (request.body as { items?: unknown } | undefined)?.items;
        if (Array.isArray(items) && items.length > config.maxBatchItems) {
          throw new ProblemError(
            problem('batch-too-large', `A batch holds at most ${config.maxBatchItems} items; this one has ${items.length}. Split it.`, {
              maxItems: config.maxBatchItems,
              items: items.length,
            }),
          );
        }
      },
      schema: {
        summary: `Render up to ${config.maxBatchItems} sources concurrently`,
        body: batchRequestSchema(config.testFaults),
        response: { 200: batchResponseSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const items = request.body.items;
      metrics.batchSize.observe(items.length);
      const requests = items.map((item, i) => toRenderRequest(item, `/items/${i}`));
      const memoized = requests.map((r) => memo.get(r));
      if (memoized.every((m) => m !== undefined)) {
        const elapsed = reply.elapsedTime;
        reply.header('server-timing', `cache;desc="memo", total;dur=${ms(elapsed)}`);
        if (memoized.some((m) => m.degraded)) markDegraded(request);
        const parts: Buffer[] = [BATCH_OPEN];
        memoized.forEach((m, i) => parts.push(i === 0 ? ITEM_OPEN : NEXT_ITEM_OPEN, memo.replay(m, elapsed), ITEM_CLOSE));
        parts.push(BATCH_CLOSE);
        return reply.type(JSON_TYPE).send(Buffer.concat(parts));
      }
      const outcomes = await renderOrShed(renderer, requests, request, reply);
      reply.header('server-timing', serverTiming(outcomes, reply.elapsedTime));
      let degraded = false;
      const results = outcomes.map((outcome, i) => {
        const answer = toHttpAnswer(outcome);
        if (!answer.ok) return { status: answer.status, problem: answer.problem };
        degraded ||= answer.degraded;
        memo.offer(requests[i]!, outcome, answer.degraded, () => serializeRender(reply, answer));
        return { status: 200, render: answer.body };
      });
      if (degraded) markDegraded(request);
      return { items: results };
    },
  );
}

/** The same bytes Fastify would send for this answer on /v1/render. */
function serializeRender(reply: FastifyReply, answer: Extract<HttpAnswer, { ok: true }>): string {
  return reply.compileSerializationSchema(RENDER_RESPONSE)(answer.body);
}

async function renderOrShed(
  renderer: Renderer,
  requests: readonly RenderRequest[],
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<RenderOutcome[]> {
  const outcomes = await renderer.renderAll(requests, () => clientGone(request, reply));
  if (outcomes === SHED) {
    throw new ProblemError(
      problem('overloaded', 'The server is at its concurrency limit; retry after the delay in Retry-After.'),
      RETRY_AFTER_SHED_SECONDS,
    );
  }
  return outcomes;
}

/** Cancelled when the connection closes before the answer was sent. */
function clientGone(request: FastifyRequest, reply: FastifyReply): Cancellation {
  const gone = new Cancellation();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) gone.cancel(new Error(`client of ${request.id} went away`));
  });
  return gone;
}

function toRenderRequest(body: RenderBody, at: string): RenderRequest {
  if ((body.target === undefined) === (body.targets === undefined)) {
    throw new ProblemError(
      problem('validation', 'Give exactly one of `target` (a name) or `targets` (a list of names).', {
        errors: [{ path: `${at}/target`, message: 'exactly one of target or targets is required' }],
      }),
    );
  }
  const f = body.flags ?? {};
  const flags: Flags = {
    parallel: f.parallel ?? DEFAULT_FLAGS.parallel,
    params: f.params ?? DEFAULT_FLAGS.params,
    mode: f.mode ?? DEFAULT_FLAGS.mode,
    ...(f.entry === undefined ? {} : { entry: f.entry }),
    ...(f.dialect === undefined ? {} : { dialect: f.dialect }),
  };
  const faults = body.faults && Object.keys(body.faults).length > 0 ? body.faults : null;
  return {
    code: body.code,
    targets: body.targets ?? [body.target!],
    flags,
    paramValues: body.paramValues ?? {},
    faults,
  };
}

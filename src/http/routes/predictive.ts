import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import {
  activeModelSummary,
  explainPrediction,
} from '../../services/predictive/explain-prediction.ts'
import {
  getPredictiveModel,
  type PredictiveModelSummary,
} from '../../services/predictive/predictive-models.ts'
import { requestTraining } from '../../services/predictive/train-workspace-model.ts'
import type { RouteDeps } from '../app-deps.ts'
import { requireScope } from '../authenticate.ts'
import { errorResponses } from '../error-mapper.ts'
import { IdParams } from '../id-params.ts'
import { workspaceOf } from '../request-principal.ts'

const errors = errorResponses(400, 401, 403, 404, 409)
const Num = Type.Number()
const NullableNum = Type.Union([Type.Number(), Type.Null()])
const Timestamp = Type.String({ format: 'date-time' })
const Status = Type.Union([Type.Literal('training'), Type.Literal('ready'), Type.Literal('failed')])

const Evaluation = Type.Object(
  {
    auc: Type.Number({ description: 'Chance a won contact scores above a not-won one' }),
    baseRate: Type.Number({ description: 'Won share of the held-out contacts' }),
    topDecileLift: Num,
    calibrationError: Type.Number({
      description: 'Count-weighted mean gap, predicted to observed',
    }),
    calibration: Type.Array(
      Type.Object({
        lower: Num,
        upper: Num,
        count: Type.Integer(),
        positives: Type.Integer(),
        meanPredicted: NullableNum,
        observedRate: NullableNum,
      }),
      { description: 'Ten bins of about equal size by predicted probability, lowest first' },
    ),
    lift: Type.Array(
      Type.Object({
        group: Type.Integer({ description: '1 is the highest-scored tenth' }),
        count: Type.Integer(),
        positives: Num,
        rate: Num,
        lift: Num,
        cumulativeCapture: Num,
        cumulativeLift: Num,
      }),
    ),
    trainSize: Type.Integer(),
    testSize: Type.Integer(),
    seed: Type.Union([Type.Number(), Type.String()]),
    testShare: Num,
  },
  { description: 'Measured on the held-out contacts only (testShare of the history)' },
)

const History = Type.Object(
  {
    asOf: Type.String({ format: 'date-time', description: 'The training time' }),
    minAgeDays: Type.Integer(),
    won: Type.Integer(),
    notWon: Type.Integer(),
    baseRate: Type.Number({ description: 'won / (won + notWon) over the whole history' }),
    tooYoung: Type.Integer({ description: 'Not won yet but too recent to count: left out' }),
  },
  { description: 'The labelled history the model learned from, all of it' },
)

const Model = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Status,
  active: Type.Boolean(),
  createdAt: Timestamp,
  trainedAt: Type.Union([Timestamp, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  features: Type.Array(Type.Object({ name: Type.String(), kind: Type.String() })),
  evaluation: Type.Union([Evaluation, Type.Null()]),
  history: Type.Union([History, Type.Null()]),
})

const Prediction = Type.Object({
  contactId: Type.String({ format: 'uuid' }),
  modelId: Type.String({ format: 'uuid' }),
  trainedAt: Type.Union([Timestamp, Type.Null()]),
  probability: Type.Number({ description: 'Chance of being won, under the active model, now' }),
  logOdds: Num,
  intercept: Num,
  factors: Type.Array(
    Type.Object({
      feature: Type.String(),
      column: Type.String(),
      label: Type.String({ description: 'e.g. "source = paid_search"' }),
      contribution: Type.Number({ description: 'In log-odds' }),
      direction: Type.Union([Type.Literal('raises'), Type.Literal('lowers')]),
    }),
    { description: 'The five largest contributions, largest first' },
  ),
  otherFactors: Type.Object(
    { count: Type.Integer(), contribution: Num },
    { description: 'The rest: intercept + factors + otherFactors.contribution = logOdds' },
  ),
  stored: Type.Object(
    {
      winProbability: NullableNum,
      modelId: Type.Union([Type.String(), Type.Null()]),
    },
    { description: "The contact's win_probability, as its last scoring by a training gave it" },
  ),
})

function toBody(model: PredictiveModelSummary) {
  return {
    ...model,
    createdAt: model.createdAt.toISOString(),
    trainedAt: model.trainedAt?.toISOString() ?? null,
    features: [...model.features],
    evaluation:
      model.evaluation === null
        ? null
        : {
            ...model.evaluation,
            calibration: [...model.evaluation.calibration],
            lift: [...model.evaluation.lift],
          },
  }
}

/**
 * The predictive score: train a workspace's model (in the background), read how it did on
 * held-out contacts, and a contact's win probability with the factors behind it.
 */
export const predictiveRoutes: FastifyPluginAsyncTypebox<RouteDeps> = async (app, deps) => {
  const { db, clock, predictiveTrainer } = deps

  app.post(
    '/v1/predictive-models',
    {
      onRequest: requireScope(db, clock, 'write', { action: 'train-model' }),
      schema: {
        tags: ['predictive'],
        summary: 'Train a new predictive model on the workspace history, in the background',
        description:
          'Answers 202 at once; GET /v1/predictive-models/{id} shows when it is ready. Needs the predictive score turned on (409 says how) and at least 20 won and 20 not-won contacts. When ready it becomes the active model and every contact gets a win probability.',
        security: [{ apiKey: [] }],
        response: {
          202: Type.Object({ id: Type.String({ format: 'uuid' }), status: Status }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const workspaceId = workspaceOf(request)
      await predictiveTrainer.ready()
      const model = await requestTraining(db, workspaceId, clock.now())
      predictiveTrainer.enqueue({ workspaceId, modelId: model.id })
      return reply.code(202).send({ id: model.id, status: model.status })
    },
  )

  app.get(
    '/v1/predictive-models/active',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['predictive'],
        summary: 'The model predictions come from: its features, held-out evaluation and history',
        security: [{ apiKey: [] }],
        response: { 200: Model, ...errors },
      },
    },
    async (request) => toBody(await activeModelSummary(db, workspaceOf(request))),
  )

  app.get(
    '/v1/predictive-models/:id',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['predictive'],
        summary: 'One predictive model: training, ready (with its evaluation) or failed (why)',
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: Model, ...errors },
      },
    },
    async (request) =>
      toBody(await getPredictiveModel(db, workspaceOf(request), request.params.id)),
  )

  app.get(
    '/v1/contacts/:id/prediction',
    {
      onRequest: requireScope(db, clock, 'read'),
      schema: {
        tags: ['predictive'],
        summary: "A contact's chance of being won now, with its top five factors",
        security: [{ apiKey: [] }],
        params: IdParams,
        response: { 200: Prediction, ...errors },
      },
    },
    async (request) => {
      const prediction = await explainPrediction(db, workspaceOf(request), request.params.id)
      return {
        ...prediction,
        trainedAt: prediction.trainedAt?.toISOString() ?? null,
        factors: [...prediction.factors],
      }
    },
  )
}

import cookie from '@fastify/cookie'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import packageJson from '../../package.json' with { type: 'json' }
import { ACTION_RULES, whoMay } from '../domain/role-permissions.ts'
import { startEventProcessor } from '../jobs/event-processor.ts'
import { startJobRunner } from '../jobs/job-runner.ts'
import { startPredictiveTrainer } from '../jobs/predictive-trainer.ts'
import { startRescoreWorker } from '../jobs/rescore-worker.ts'
import { channelsFromConfig } from '../services/notifications/notification-channels.ts'
import type { AppDeps, RouteDeps, TandemApp } from './app-deps.ts'
import { requirementOf } from './authenticate.ts'
import { ContactBody } from './contact-body.ts'
import { MAX_PARAM_LENGTH, registerErrorMapper, replyWithError } from './error-mapper.ts'
import { isolateRequests } from './isolate-requests.ts'
import { clientErrorHandler, limitRequestTime } from './request-deadline.ts'
import { accountPlanRoutes } from './routes/account-plans.ts'
import { accountRoutes } from './routes/accounts.ts'
import { alertCampaignRoutes } from './routes/alert-campaigns.ts'
import { alertTrackingRoutes } from './routes/alert-tracking.ts'
import { analyticsReportRoutes } from './routes/analytics-reports.ts'
import { assignmentRoutes } from './routes/assignments.ts'
import { auditRoutes } from './routes/audit.ts'
import { backtestRoutes } from './routes/backtests.ts'
import { contactRoutes } from './routes/contacts.ts'
import { contractRoutes } from './routes/contracts.ts'
import { dataQualityRoutes } from './routes/data-quality.ts'
import { dynamicContentRoutes } from './routes/dynamic-content.ts'
import { healthRoutes } from './routes/health.ts'
import { importRoutes } from './routes/imports.ts'
import { notificationRoutes } from './routes/notifications.ts'
import { personalDataRoutes } from './routes/personal-data.ts'
import { predictiveRoutes } from './routes/predictive.ts'
import { radarRoutes } from './routes/radar.ts'
import { reportRoutes } from './routes/reports.ts'
import { routingRoutes } from './routes/routing.ts'
import { scoreRoutes } from './routes/scores.ts'
import { sessionRoutes } from './routes/session.ts'
import { stageRoutes } from './routes/stages.ts'
import { teamRoutes } from './routes/teams.ts'
import { trackingRoutes } from './routes/tracking.ts'
import { workspaceRoutes } from './routes/workspace.ts'
import { dashboardPage, registerWebAssets } from './web-app.ts'

export type { AppDeps, RouteDeps, TandemApp } from './app-deps.ts'

/** The largest request body a route takes unless it says otherwise (tracking: 500 KB). */
export const MAX_BODY_BYTES = 1024 * 1024

/**
 * Every guarded route states in the API description the scope its guard requires and, when a
 * role narrows it, the action and the roles that may do it (also as `x-action` and `x-roles`):
 * read from the guard itself, so the documentation cannot drift from what is enforced.
 * Registered before the routes and before the OpenAPI plugin reads them.
 */
function publishRequirements(app: TandemApp): void {
  app.addHook('onRoute', (route) => {
    const requirement = requirementOf(route)
    if (requirement === undefined || route.schema === undefined) return
    const { scope, action } = requirement
    const schema = route.schema as {
      security?: unknown
      description?: string
      'x-action'?: string
      'x-roles'?: readonly string[]
    }
    schema.security = [{ apiKey: [scope] }]
    let needs = `Needs the "${scope}" scope (an admin key or session holds every scope).`
    if (action !== undefined) {
      schema['x-action'] = action
      schema['x-roles'] = ACTION_RULES[action].by.roles
      needs += ` ${ACTION_RULES[action].doing} is done by ${whoMay(action)}: a session, or a key acting for a user, of another role is refused.`
    }
    // A GET's HEAD twin shares its schema: say it once.
    if (schema.description?.includes(needs)) return
    schema.description = schema.description === undefined ? needs : `${schema.description} ${needs}`
  })
}

/** Builds the whole HTTP API from its dependencies; the caller decides when to listen and close. */
export async function createApp(deps: AppDeps): Promise<TandemApp> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: MAX_BODY_BYTES,
    // limitRequestTime bounds a request's arrival instead of Node's requestTimeout, which would
    // also cut off a CSV import streaming a large file; Node still bounds slow headers.
    http: {
      headersTimeout: deps.config.requestTimeout * 1000,
      connectionsCheckingInterval: 1000,
    },
    clientErrorHandler: clientErrorHandler(deps.config.requestTimeout),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors the router raises before any route runs (a bad or overlong URL), in the one shape.
    frameworkErrors: (error, request, reply) => replyWithError(error, request, reply),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  registerErrorMapper(app, dashboardPage(deps.webDir))
  limitRequestTime(app, deps.config.requestTimeout)
  publishRequirements(app)
  isolateRequests(app)
  await app.register(cookie)
  // Contracts may be sent as YAML, the way people write them; the routes parse the text.
  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  )
  // Bodies more than one route answers with, referenced as { $ref: 'Name#' }.
  app.addSchema(ContactBody)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tandem API',
        version: packageJson.version,
        description: 'The revenue alignment engine that sales and marketing share.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'tdm_… API key' },
        },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const jobs = await startJobRunner({
    ...deps,
    channels: channelsFromConfig(deps.config),
    ...(deps.config.publicUrl === undefined ? {} : { baseUrl: deps.config.publicUrl }),
  })
  app.decorate('jobs', jobs)
  const eventProcessor = startEventProcessor({
    ...deps,
    onHandoffs: () => jobs.wake('notification-delivery'),
  })
  app.decorate('eventProcessor', eventProcessor)
  app.addHook('onClose', () => eventProcessor.stop())
  const rescoreWorker = startRescoreWorker(deps)
  app.decorate('rescoreWorker', rescoreWorker)
  app.addHook('onClose', () => rescoreWorker.stop())
  const predictiveTrainer = startPredictiveTrainer(deps)
  app.decorate('predictiveTrainer', predictiveTrainer)
  app.addHook('onClose', () => predictiveTrainer.stop())
  // Last: the workers above may still queue jobs while they stop.
  app.addHook('onClose', () => jobs.stop())
  const routeDeps: RouteDeps = { ...deps, eventProcessor, rescoreWorker, predictiveTrainer, jobs }

  await app.register(healthRoutes, routeDeps)
  await app.register(workspaceRoutes, routeDeps)
  await app.register(trackingRoutes, routeDeps)
  await app.register(contactRoutes, routeDeps)
  await app.register(personalDataRoutes, routeDeps)
  await app.register(accountPlanRoutes, routeDeps)
  await app.register(accountRoutes, routeDeps)
  await app.register(dynamicContentRoutes, routeDeps)
  await app.register(dataQualityRoutes, routeDeps)
  await app.register(importRoutes, routeDeps)
  await app.register(contractRoutes, routeDeps)
  await app.register(scoreRoutes, routeDeps)
  await app.register(predictiveRoutes, routeDeps)
  await app.register(backtestRoutes, routeDeps)
  await app.register(assignmentRoutes, routeDeps)
  await app.register(routingRoutes, routeDeps)
  await app.register(stageRoutes, routeDeps)
  await app.register(notificationRoutes, routeDeps)
  await app.register(alertCampaignRoutes, routeDeps)
  await app.register(alertTrackingRoutes, routeDeps)
  await app.register(auditRoutes, routeDeps)
  await app.register(sessionRoutes, routeDeps)
  await app.register(teamRoutes, routeDeps)
  await app.register(reportRoutes, routeDeps)
  await app.register(analyticsReportRoutes, routeDeps)
  await app.register(radarRoutes, routeDeps)
  await registerWebAssets(app, deps.webDir)
  return app
}

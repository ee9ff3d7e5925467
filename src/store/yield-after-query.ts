import { setImmediate as nextTurn } from 'node:timers/promises'
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'

/**
 * Lets the event loop run after every query. PGlite executes queries in this thread and answers
 * them without returning to the event loop, so a job running query after query (a full
 * re-score, an SLA sweep over a backlog) would otherwise keep the server from reading any
 * request, its health checks included, until the job ended.
 */
export class YieldAfterQuery implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    await nextTurn()
    return args.result
  }
}

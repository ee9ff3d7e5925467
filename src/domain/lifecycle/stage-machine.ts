// A funnel's stages and the moves allowed between them, declared once as data. Every stage
// change in the product, by rule, by hand or by a system step, is checked against it.

export interface StageMachine<S extends string> {
  readonly funnel: 'lead' | 'account'
  readonly stages: readonly S[]
  /** Where an entity may go from each stage; `entry` lists where one may enter the funnel. */
  readonly moves: Readonly<Record<S, readonly S[]>>
  readonly entry: readonly S[]
}

export type TransitionCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly message: string; readonly allowed: readonly string[] }

/** Whether an entity may move from one stage (null: not in the funnel yet) to another. */
export function checkTransition<S extends string>(
  machine: StageMachine<S>,
  from: S | null,
  to: string,
): TransitionCheck {
  if (!(machine.stages as readonly string[]).includes(to))
    return {
      ok: false,
      message: `${to} is not a ${machine.funnel} stage; use one of ${machine.stages.join(', ')}`,
      allowed: machine.stages,
    }
  const allowed = from === null ? machine.entry : machine.moves[from]
  if ((allowed as readonly string[]).includes(to)) return { ok: true }
  const where = from === null ? 'enter the funnel at' : `move from ${from} to`
  const options = allowed.length === 0 ? 'nothing: it is final' : allowed.join(', ')
  return {
    ok: false,
    message: `A ${machine.funnel} cannot ${where} ${to}; from here it can go to ${options}`,
    allowed,
  }
}

export function isStage<S extends string>(machine: StageMachine<S>, value: string): value is S {
  return (machine.stages as readonly string[]).includes(value)
}

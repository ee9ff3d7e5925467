import Type from 'typebox'
import { MOTIONS } from '../domain/contracts/routing-contract-schema.ts'

/** Small schemas more than one route file answers with, so each is spelled once. */

export const Uuid = Type.String({ format: 'uuid' })
export const Timestamp = Type.String({ format: 'date-time' })
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()])
export const NullableString = Type.Union([Type.String(), Type.Null()])
export const Motion = Type.Enum([...MOTIONS])

/** A filter on a person: their user id, or `me` (resolved with userParam). */
export const OwnerOrMe = Type.Union([Uuid, Type.Literal('me')], {
  description: "A user id, or me: the API key's user",
})

/** A NullableTimestamp's value in a response body. */
export const iso = (d: Date | null) => d?.toISOString() ?? null

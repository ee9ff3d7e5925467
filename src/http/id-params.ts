import Type from 'typebox'

/** The `:id` of a route that names one record. */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

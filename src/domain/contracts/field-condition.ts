import Type from 'typebox'

/** One condition on a field: a list of values, a pattern or a numeric range. */
export const condition = <F extends string>(fields: readonly F[]) =>
  Type.Object(
    {
      field: Type.Enum<F[]>([...fields]),
      in: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          minItems: 1,
          description:
            'Holds when the value (or, for lists, any element) is one of these; any case',
        }),
      ),
      matches: Type.Optional(
        Type.String({
          minLength: 1,
          description: 'A regular expression the value matches; any case',
        }),
      ),
      min: Type.Optional(Type.Number({ description: 'Holds when the number is at least this' })),
      max: Type.Optional(Type.Number({ description: 'Holds when the number is at most this' })),
    },
    { additionalProperties: false },
  )

import * as v from 'valibot';

const isPlainObject = (input: unknown): boolean => typeof input === 'object' && input !== null && !Array.isArray(input);

/**
 * An object with these fields, and nothing else: valibot's `object` takes an array too (reading
 * its keys), so `[]` would pass where `{}` is meant. Used for the frames' nested objects.
 */
export const plainObject = <E extends v.ObjectEntries>(entries: E, message = 'an object ({…}), not an array') =>
  v.pipe(v.custom<Record<string, unknown>>(isPlainObject, message), v.object(entries));

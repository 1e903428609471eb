/**
 * Random and mutated frames for the fuzz test, derived from the valibot `RequestFrame` schema:
 * its variant options give every request type and its entries every field, so a new request type
 * or field is fuzzed without touching this file. Each frame says whether the server must refuse it
 * (`mustFail`) and whether it may cost the socket (`mayClose`: invalid UTF-8, over the frame size
 * limit).
 */
import { MAX_FRAME_BYTES, RequestFrame } from '../../protocol/index.ts';

export interface FuzzFrame {
  kind: FrameKind;
  data: string | Buffer;
  binary: boolean;
  /** The frame's numeric id when it carries one intact (the reply says `re: id`). */
  id: number | null;
  mustFail: boolean;
  mayClose: boolean;
}

type Schema = { type: string; [key: string]: any };
interface FieldSpec {
  name: string;
  schema: Schema;
  optional: boolean;
}
interface RequestSpec {
  type: string;
  fields: FieldSpec[];
}

/** Every request type and its fields (without `id` and `type`), read from the schema. */
export const REQUEST_SPECS: RequestSpec[] = (RequestFrame.options as unknown as { entries: Record<string, Schema> }[]).map((option) => ({
  type: option.entries.type.literal as string,
  fields: Object.entries(option.entries)
    .filter(([name]) => name !== 'id' && name !== 'type')
    .map(([name, schema]) => ({ name, schema: schema.type === 'optional' ? schema.wrapped : schema, optional: schema.type === 'optional' })),
}));

const KIND_WEIGHTS = {
  'bad-json': 10,
  'wrong-type': 25,
  'missing-field': 5,
  mutated: 22,
  'unknown-ids': 10,
  proto: 6,
  'bad-id': 5,
  'unknown-type': 5,
  'non-object': 3,
  binary: 3,
  deep: 0.2,
  large: 0.15,
  huge: 0.05,
  'bad-utf8': 0.2,
} as const;
export type FrameKind = keyof typeof KIND_WEIGHTS;
const KINDS = Object.keys(KIND_WEIGHTS) as FrameKind[];
const TOTAL_WEIGHT = KINDS.reduce((sum, k) => sum + KIND_WEIGHTS[k], 0);

/** Values of every JSON type and a few hostile strings. */
const WRONG_VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 2 ** 53 + 2, -1e308, '', 'x'.repeat(300), '\u0000', '\ud800', '__proto__', 'constructor',
  [], [1, 2], [[[]]], {}, { $ne: null }, JSON.parse('{"__proto__":{"polluted":true}}'), { toString: 'x' },
];
const HOSTILE_STRINGS = [
  '', ' ', '\u0000', '\ud83d', '\udc00x', '\u202e', '\u2028\u2029', '💬'.repeat(100), 'é'.repeat(9_000), 'a'.repeat(65),
  "' OR 1=1 --", '<script>alert(1)</script>', '../../../../etc/passwd', '${process.exit()}', '%s%n', '__proto__',
  'constructor', 'prototype', 'hasOwnProperty', '\\', '"', 'NaN', '-0', '1e309',
];
const BOUNDARY_NUMBERS = [-1, 0, 1, 499, 500, 501, -100, 100, 101, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -0, 0.5, 1e308, -1e308];
const TYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'chat', 'chat.', 'CHAT.SEND', 'agent.login '];
const NESTING = 10_000;

/** A generator of frames; `random` in [0, 1). */
export class FrameFactory {
  private nextId = 1;
  /** Every (request type, field, wrong value) once before any repeats. */
  private readonly wrongTypes: { spec: RequestSpec; field: FieldSpec; value: unknown }[] = [];
  private wrongIndex = 0;

  constructor(private readonly random: () => number) {
    for (const spec of REQUEST_SPECS) {
      for (const field of spec.fields) {
        for (const value of WRONG_VALUES) if (!fitsType(field.schema, value)) this.wrongTypes.push({ spec, field, value });
      }
    }
  }

  /** How many (type, field, wrong value) combinations there are to send. */
  get wrongTypeCount(): number {
    return this.wrongTypes.length;
  }

  next(): FuzzFrame {
    let roll = this.random() * TOTAL_WEIGHT;
    const kind = KINDS.find((k) => (roll -= KIND_WEIGHTS[k]) < 0) ?? 'mutated';
    return this.make(kind);
  }

  make(kind: FrameKind): FuzzFrame {
    const id = this.nextId++;
    const text = (body: unknown, mustFail: boolean, tracked = true): FuzzFrame => ({
      kind, data: JSON.stringify(body), binary: false, id: tracked ? id : null, mustFail, mayClose: false,
    });
    const spec = this.pick(REQUEST_SPECS);
    switch (kind) {
      case 'bad-json': {
        const valid = JSON.stringify(this.valid(spec, id));
        const broken = [valid.slice(0, Math.floor(this.random() * valid.length)), `${valid}}`, `{${valid}`, "{'id':1}", '{"id":1,}', 'undefined', '', ' ', '\u0000', '{"a":1e99999}', '[', '"\\u12"', `${valid}\n${valid}`];
        return { kind, data: this.pick(broken), binary: false, id: null, mustFail: true, mayClose: false };
      }
      case 'wrong-type': {
        const { spec: s, field, value } = this.wrongTypes[this.wrongIndex++ % this.wrongTypes.length];
        return text({ ...this.valid(s, id), [field.name]: value }, true);
      }
      case 'missing-field': {
        const required = spec.fields.filter((f) => !f.optional);
        const frame: Record<string, unknown> = this.valid(spec, id);
        if (required.length) delete frame[this.pick(required).name];
        else delete frame.type;
        return text(frame, true);
      }
      case 'mutated': {
        const frame: Record<string, unknown> = this.valid(spec, id);
        if (spec.fields.length) {
          const field = this.pick(spec.fields);
          frame[field.name] = this.mutate(field.schema);
        }
        return text(frame, false);
      }
      case 'unknown-ids':
        return text(this.valid(spec, id), false);
      case 'proto': {
        const frame: Record<string, unknown> = this.valid(spec, id);
        const json = JSON.stringify(frame);
        const extra = this.pick([
          '"__proto__":{"type":"agent.logout","isAdmin":true}',
          '"constructor":{"prototype":{"isAdmin":true}}',
          '"__proto__":null',
          '"prototype":{"polluted":1}',
          `"__proto__":{"__proto__":{"id":${id}}}`,
        ]);
        if (this.random() < 0.2) return text({ id, type: this.pick(TYPE_NAMES) }, true);
        return { kind, data: `${json.slice(0, -1)},${extra}}`, binary: false, id, mustFail: false, mayClose: false };
      }
      case 'bad-id': {
        const frame: Record<string, unknown> = this.valid(spec, id);
        const bad = this.pick([null, {}, [], true, 'i'.repeat(65), undefined]);
        if (bad === undefined) delete frame.id;
        else frame.id = bad;
        return text(frame, true, false);
      }
      case 'unknown-type':
        return text({ ...this.valid(spec, id), type: `${spec.type}.${Math.floor(this.random() * 1e6)}` }, true);
      case 'non-object':
        return text(this.pick([1, 'chat.send', null, true, [{ id, type: spec.type }], 0]), true, false);
      case 'binary': {
        const bytes = Buffer.from(JSON.stringify(this.valid(spec, id)));
        return { kind, data: bytes, binary: true, id: null, mustFail: true, mayClose: false };
      }
      case 'deep': {
        const arrays = `${'['.repeat(NESTING)}${']'.repeat(NESTING)}`;
        const objects = `${'{"a":'.repeat(NESTING)}1${'}'.repeat(NESTING)}`;
        const field = spec.fields[0]?.name; // a field the type has: an unknown one would be ignored
        const data = this.pick(field ? [arrays, objects, `{"id":${id},"type":"${spec.type}","${field}":${arrays}}`, `{"id":${id},"type":"${spec.type}","${field}":${objects}}`] : [arrays, objects]);
        return { kind, data, binary: false, id: data.startsWith('{"id"') ? id : null, mustFail: true, mayClose: false };
      }
      case 'large': {
        const size = MAX_FRAME_BYTES + 1 + Math.floor(this.random() * MAX_FRAME_BYTES * 3);
        return { ...text({ ...this.valid(spec, id), padding: 'p'.repeat(size) }, true), mayClose: true };
      }
      case 'huge': {
        const size = MAX_FRAME_BYTES * 16 + 1 + Math.floor(this.random() * MAX_FRAME_BYTES * 4);
        return { ...text({ ...this.valid(spec, id), padding: 'h'.repeat(size) }, true), mayClose: true };
      }
      case 'bad-utf8': {
        const json = Buffer.from(`{"id":${id},"type":"chat.send","contactId":"x","text":"`);
        const garbage = Buffer.from(this.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]));
        return { kind, data: Buffer.concat([json, garbage, Buffer.from('"}')]), binary: false, id, mustFail: true, mayClose: true };
      }
    }
  }

  /** A frame the schema accepts, with ids nobody has. */
  valid(spec: RequestSpec, id: number): Record<string, unknown> {
    const frame: Record<string, unknown> = { id, type: spec.type };
    for (const field of spec.fields) {
      if (field.optional && this.random() < 0.5) continue;
      frame[field.name] = this.validValue(field);
    }
    return frame;
  }

  private validValue(field: FieldSpec): unknown {
    // Values that would do real work: logins only for a user who does not exist (no password hashing), rarely a real room.
    if (field.name === 'username') return `fuzz-nobody-${Math.floor(this.random() * 1e6)}`;
    if (field.name === 'room') return this.random() < 0.05 ? 'default' : `room-${Math.floor(this.random() * 1e6)}`;
    return this.fromSchema(field.schema);
  }

  private fromSchema(schema: Schema): unknown {
    const limits = requirements(schema);
    switch (schema.type) {
      case 'optional':
        return this.fromSchema(schema.wrapped);
      case 'union':
        return this.fromSchema(this.pick(schema.options));
      case 'picklist':
        return this.pick(schema.options);
      case 'literal':
        return schema.literal;
      case 'boolean':
        return this.random() < 0.5;
      case 'number': {
        const min = limits.min_value ?? 0;
        const max = limits.max_value ?? min + 1_000;
        return Math.floor(min + this.random() * (max - min + 1));
      }
      case 'array':
        return [this.fromSchema(schema.item)];
      case 'string': {
        if (limits.regex) return 'fuzz.var';
        const length = Math.max(limits.min_length ?? 1, Math.min(limits.max_length ?? 40, 8 + Math.floor(this.random() * 30)));
        return `fuzz-${Math.floor(this.random() * 1e9).toString(36)}${'z'.repeat(length)}`.slice(0, length);
      }
      default:
        return null;
    }
  }

  /** A value of the right type but hostile content or boundary size. */
  private mutate(schema: Schema): unknown {
    switch (schema.type) {
      case 'number':
        return this.pick(BOUNDARY_NUMBERS);
      case 'string':
      case 'picklist':
        return this.random() < 0.8 ? this.pick(HOSTILE_STRINGS) : 'm'.repeat(Math.floor(this.random() * 30_000));
      case 'array':
        return this.pick([[], Array(25).fill('tag'), [''], ['x'.repeat(65)]]);
      default:
        return this.pick(WRONG_VALUES);
    }
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }
}

/** The validation actions of a schema and of the schemas it pipes from, by type. */
function requirements(schema: Schema): Record<string, any> {
  const found: Record<string, any> = {};
  const walk = (s: Schema) => {
    for (const action of s.pipe ?? []) {
      if (action === s) continue;
      if (action.kind === 'schema') walk(action);
      else if (action.kind === 'validation') found[action.type] = action.requirement;
    }
  };
  walk(schema);
  return found;
}

/** Whether `value` has the JSON type the schema wants (so that it is not a wrong-type case). */
function fitsType(schema: Schema, value: unknown): boolean {
  switch (schema.type) {
    case 'string':
    case 'picklist':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
    case 'loose_object':
    case 'strict_object':
      // An object whose every field is optional takes {}: the same JSON type is no wrong type.
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'union':
      return (schema.options as Schema[]).some((o) => fitsType(o, value));
    case 'custom': {
      // A custom check piped into a schema (protocol/plain-object.ts): the type is the piped schema's.
      const piped = (schema.pipe ?? []).filter((s: Schema) => s.kind === 'schema' && s.type !== 'custom');
      return piped.length > 0 && piped.every((s: Schema) => fitsType(s, value));
    }
    default:
      return false;
  }
}

// A small JSON Schema (2020-12) evaluator for the keywords schemas/target-profile.schema.json uses.
// The profile validator runs the shipped schema itself, so the schema VS Code validates with and the
// checks the CLI runs can never drift apart. Unknown keywords throw: a test walks the schema so a
// keyword added to it without support here fails loudly instead of being silently ignored.

export interface SchemaError {
  /** JSON path of the offending value: `$.operators.Conv.strides.max`. */
  path: string;
  message: string;
}

type Schema = boolean | { [keyword: string]: unknown };

/** Keywords that only annotate and never constrain. */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs', 'default', 'examples', '$comment']);
export const SUPPORTED_KEYWORDS = new Set([
  ...ANNOTATIONS, 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames',
  'items', 'minItems', 'maxItems', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'pattern', '$ref', 'allOf',
  'if', 'then', 'not', 'unevaluatedProperties',
]);

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: throw new Error(`schema: unsupported type '${type}'`);
  }
}

interface Outcome {
  errors: SchemaError[];
  /** Property names of the instance object that this schema (and its in-place subschemas) evaluated. */
  evaluated: Set<string>;
}

export class SchemaChecker {
  constructor(private readonly root: Schema) {}

  private partial = false;

  /** `partial`: skip `required` (a profile with `extends` names only what it overrides; the merged result is checked in full). */
  check(value: unknown, options: { partial?: boolean } = {}): SchemaError[] {
    this.partial = options.partial ?? false;
    return this.evaluate(this.root, value, '$').errors;
  }

  private resolve(ref: string): Schema {
    if (!ref.startsWith('#/')) throw new Error(`schema: only local $ref is supported (${ref})`);
    let node: unknown = this.root;
    for (const part of ref.slice(2).split('/')) {
      node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (node === undefined) throw new Error(`schema: unresolved $ref ${ref}`);
    return node as Schema;
  }

  private evaluate(schema: Schema, value: unknown, path: string): Outcome {
    const errors: SchemaError[] = [];
    const evaluated = new Set<string>();
    if (schema === true) return { errors, evaluated };
    if (schema === false) return { errors: [{ path, message: 'is not allowed here' }], evaluated };
    for (const key of Object.keys(schema)) {
      if (!SUPPORTED_KEYWORDS.has(key)) throw new Error(`schema: unsupported keyword '${key}'`);
    }
    const s = schema;
    // Evaluated names are kept even from failing subschemas, so a wrong value is reported once
    // (as wrong) and not a second time as an unknown property.
    const merge = (o: Outcome) => { for (const e of o.errors) errors.push(e); o.evaluated.forEach((k) => evaluated.add(k)); };

    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(t, value))) {
        errors.push({ path, message: `expected ${types.join(' or ')}, found ${describeValue(value)}` });
        return { errors, evaluated };
      }
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => e === value)) {
      errors.push({ path, message: `${describeValue(value)} is not one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}` });
    }
    if (s.const !== undefined && s.const !== value) errors.push({ path, message: `must be ${JSON.stringify(s.const)}` });
    if (typeof value === 'number') {
      if (typeof s.minimum === 'number' && value < s.minimum) errors.push({ path, message: `${value} is less than the minimum ${s.minimum}` });
      if (typeof s.maximum === 'number' && value > s.maximum) errors.push({ path, message: `${value} is greater than the maximum ${s.maximum}` });
      if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) errors.push({ path, message: `${value} must be greater than ${s.exclusiveMinimum}` });
    }
    if (typeof value === 'string') {
      if (typeof s.minLength === 'number' && value.length < s.minLength) errors.push({ path, message: `must not be empty` });
      if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) errors.push({ path, message: `${describeValue(value)} does not match ${s.pattern}` });
    }
    if (Array.isArray(value)) {
      if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push({ path, message: `needs at least ${s.minItems} item(s)` });
      if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push({ path, message: `has ${value.length} items; at most ${s.maxItems} allowed` });
      if (s.items !== undefined) value.forEach((item, i) => merge(this.evaluate(s.items as Schema, item, childPath(path, i))));
    }
    if (isObject(value)) {
      if (Array.isArray(s.required) && !this.partial) {
        for (const name of s.required as string[]) {
          if (!(name in value)) errors.push({ path, message: `is missing the required property '${name}'` });
        }
      }
      const props = isObject(s.properties) ? s.properties : {};
      for (const [name, sub] of Object.entries(value)) {
        if (name in props) {
          evaluated.add(name);
          merge(this.evaluate(props[name] as Schema, sub, childPath(path, name)));
        } else if (s.additionalProperties !== undefined) {
          evaluated.add(name);
          if (s.additionalProperties === false) errors.push({ path: childPath(path, name), message: `unknown property '${name}'` });
          else merge(this.evaluate(s.additionalProperties as Schema, sub, childPath(path, name)));
        }
        if (s.propertyNames !== undefined) {
          const o = this.evaluate(s.propertyNames as Schema, name, childPath(path, name));
          if (o.errors.length) errors.push({ path: childPath(path, name), message: `property name: ${o.errors[0]!.message}` });
        }
      }
    }
    if (typeof s.$ref === 'string') merge(this.evaluate(this.resolve(s.$ref), value, path));
    if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) merge(this.evaluate(sub, value, path));
    if (s.not !== undefined && this.evaluate(s.not as Schema, value, path).errors.length === 0) {
      errors.push({ path, message: 'matches a schema it must not match' });
    }
    if (s.if !== undefined && s.then !== undefined) {
      const cond = this.evaluate(s.if as Schema, value, path);
      if (cond.errors.length === 0) merge(this.evaluate(s.then as Schema, value, path));
    }
    if (s.unevaluatedProperties !== undefined && isObject(value)) {
      for (const [name, sub] of Object.entries(value)) {
        if (evaluated.has(name)) continue;
        if (s.unevaluatedProperties === false) errors.push({ path: childPath(path, name), message: `unknown property '${name}'` });
        else merge(this.evaluate(s.unevaluatedProperties as Schema, sub, childPath(path, name)));
      }
    }
    return { errors, evaluated };
  }
}

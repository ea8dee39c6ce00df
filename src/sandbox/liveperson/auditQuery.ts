/**
 * Reads the GraphQL text of a LivePerson audit request with the `graphql`
 * package, the way the real server would: one `auditData` field, known
 * arguments with the right types (list arguments as enum literals `[DESC]` or
 * strings `["DESC"]`, since which one the server wants is unpublished), known
 * fields only. Anything else is a GraphQL error, which the API sends with
 * HTTP 200.
 */
import type { ArgumentNode, FieldNode, ValueNode } from 'graphql/language/ast';
import { Kind } from 'graphql/language/kinds';
import { parse } from 'graphql/language/parser';
import { print } from 'graphql/language/printer';
import { isCalendarDay, isValidTimeZone } from '../../core/time';
import { LIVEPERSON_SEED_QUERIES } from '../fixtures/livePersonSeed';
import { LIVEPERSON_SELECTABLE_FIELDS, type LivePersonAuditArgs, type LivePersonField } from './types';

export class AuditQueryError extends Error {}

export interface ParsedAuditQuery {
  args: LivePersonAuditArgs;
  fields: { name: LivePersonField; alias: string }[];
  /** The response key: `auditData`, or its alias. */
  responseKey: string;
  /** True when the query is one of the seed's two documented examples. */
  isSeedExample: boolean;
}

const ARGUMENTS = new Set([
  'fromDate', 'toDate', 'first', 'offset', 'orderBy', 'orderDirection', 'users', 'componentTypes',
  'language', 'timezone', 'lpa', 'automaticUpdates',
]);
const ORDER_COLUMNS = new Set(['changetimestamp', 'changedate']);

let seedPrints: Set<string> | undefined;
function seedExamples(): Set<string> {
  seedPrints ??= new Set(LIVEPERSON_SEED_QUERIES.map((q) => print(parse(q))));
  return seedPrints;
}

type Plain = string | number | boolean | null | Plain[] | { [k: string]: Plain };

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.INT:
      return Number(node.value);
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.ENUM:
      return { enum: node.value };
    case Kind.LIST:
      return node.values.map((v) => valueOf(v, variables));
    case Kind.VARIABLE:
      return variables[node.name.value] ?? null;
    case Kind.OBJECT:
      throw new AuditQueryError('Validation error of type WrongType: input objects are not accepted here');
  }
}

function isEnum(value: unknown): value is { enum: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { enum?: unknown }).enum === 'string';
}

function wrongType(arg: string, expected: string): AuditQueryError {
  return new AuditQueryError(`Validation error of type WrongType: argument '${arg}' with value of the wrong type, expected ${expected} @ 'auditData'`);
}

function asString(arg: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw wrongType(arg, 'String');
}

function asInt(arg: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 2_147_483_647) return value;
  throw wrongType(arg, 'a non-negative Int');
}

function asBoolean(arg: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw wrongType(arg, 'Boolean');
}

/** A list argument: GraphQL coerces a single value to a list of one. Enum literals and strings both count. */
function asWordList(arg: string, value: unknown, allowNumbers = false): string[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((v) => {
    if (typeof v === 'string') return v;
    if (isEnum(v)) return v.enum;
    if (allowNumbers && typeof v === 'number' && Number.isInteger(v)) return String(v);
    throw wrongType(arg, '[String]');
  });
}

function readArgument(node: ArgumentNode, variables: Record<string, unknown>, args: LivePersonAuditArgs): void {
  const name = node.name.value;
  if (!ARGUMENTS.has(name)) throw new AuditQueryError(`Validation error of type UnknownArgument: Unknown field argument ${name} @ 'auditData'`);
  const value = valueOf(node.value, variables);
  if (value === null || value === undefined) return;
  switch (name) {
    case 'fromDate':
    case 'toDate': {
      const day = asString(name, value);
      if (!isCalendarDay(day)) throw new AuditQueryError(`Invalid ${name} "${day}": expected format yyyy-MM-dd`);
      args[name] = day;
      return;
    }
    case 'first':
    case 'offset':
      args[name] = asInt(name, value);
      return;
    case 'orderBy': {
      const columns = asWordList(name, value);
      for (const c of columns) {
        if (!ORDER_COLUMNS.has(c.toLowerCase())) throw new AuditQueryError(`Invalid orderBy column "${c}": only changeTimestamp is supported`);
      }
      args.orderBy = columns;
      return;
    }
    case 'orderDirection': {
      const directions = asWordList(name, value).map((d) => {
        const up = d.toUpperCase();
        if (up !== 'ASC' && up !== 'DESC') throw new AuditQueryError(`Invalid orderDirection "${d}": use ASC or DESC`);
        return up as 'ASC' | 'DESC';
      });
      args.orderDirection = directions;
      return;
    }
    case 'users':
      args.users = asWordList(name, value, true);
      return;
    case 'componentTypes':
      args.componentTypes = asWordList(name, value);
      return;
    case 'language':
      args.language = asString(name, value);
      return;
    case 'timezone': {
      const zone = asString(name, value);
      if (!isValidTimeZone(zone)) throw new AuditQueryError(`Invalid timezone "${zone}"`);
      args.timezone = zone;
      return;
    }
    case 'lpa':
    case 'automaticUpdates':
      args[name] = asBoolean(name, value);
      return;
  }
}

export function parseAuditQuery(query: unknown, variables: unknown): ParsedAuditQuery {
  if (typeof query !== 'string' || query.trim() === '') throw new AuditQueryError('The request body must hold a "query" string');
  const vars = variables && typeof variables === 'object' && !Array.isArray(variables) ? (variables as Record<string, Plain>) : {};
  let document;
  try {
    document = parse(query);
  } catch (e) {
    throw new AuditQueryError(`Invalid Syntax : ${(e as Error).message}`);
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || document.definitions.length !== 1) {
    throw new AuditQueryError('Exactly one query operation is expected, without fragments');
  }
  const op = operations[0]!;
  if (op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'query') throw new AuditQueryError('Only queries are supported');
  const roots = op.selectionSet.selections;
  if (roots.length !== 1 || roots[0]!.kind !== Kind.FIELD) throw new AuditQueryError('Select exactly one field: auditData');
  const root = roots[0] as FieldNode;
  if (root.name.value !== 'auditData') {
    throw new AuditQueryError(`Validation error of type FieldUndefined: Field '${root.name.value}' in type 'Query' is undefined @ '${root.name.value}'`);
  }
  const args: LivePersonAuditArgs = {};
  const seen = new Set<string>();
  for (const a of root.arguments ?? []) {
    if (seen.has(a.name.value)) throw new AuditQueryError(`Validation error of type DuplicateArgumentNames: There can be only one argument named ${a.name.value}`);
    seen.add(a.name.value);
    readArgument(a, vars, args);
  }
  if (!root.selectionSet || root.selectionSet.selections.length === 0) {
    throw new AuditQueryError("Validation error of type SubSelectionRequired: Sub selection required for type null of field 'auditData'");
  }
  const fields: { name: LivePersonField; alias: string }[] = [];
  for (const s of root.selectionSet.selections) {
    if (s.kind !== Kind.FIELD) throw new AuditQueryError('Fragments are not supported in auditData');
    const name = s.name.value;
    if (s.selectionSet) throw new AuditQueryError(`Validation error of type SubSelectionNotAllowed: Sub selection not allowed on leaf type of field ${name}`);
    if (!(LIVEPERSON_SELECTABLE_FIELDS as readonly string[]).includes(name)) {
      throw new AuditQueryError(`Validation error of type FieldUndefined: Field '${name}' in type 'AuditData' is undefined @ 'auditData/${name}'`);
    }
    fields.push({ name: name as LivePersonField, alias: s.alias?.value ?? name });
  }
  const usesVariables = (op.variableDefinitions?.length ?? 0) > 0;
  return {
    args,
    fields,
    responseKey: root.alias?.value ?? 'auditData',
    isSeedExample: !usesVariables && seedExamples().has(print(document)),
  };
}

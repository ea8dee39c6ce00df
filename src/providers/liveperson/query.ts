/**
 * The GraphQL text of LivePerson's audit call. It is built as a graphql-js
 * AST and printed, so every user value (a user name, a component type) is a
 * StringValue node that the printer escapes: a quote, brace or newline in a
 * value can't close the string or add arguments and fields.
 */
// Deep imports: the package root pulls in the whole executor (~270 KB minified) for a printer.
import { OperationTypeNode, type ArgumentNode, type DocumentNode, type FieldNode, type ValueNode } from 'graphql/language/ast';
import { Kind } from 'graphql/language/kinds';
import { print } from 'graphql/language/printer';
import { ConfigError } from '../../core/errors';

/** Every field the audit API documents (the seed's list; `actionType` is only in older documents). */
export const AUDIT_FIELDS = [
  'accountId',
  'objectType',
  'objectName',
  'element',
  'oldValue',
  'newValue',
  'originator',
  'originatorLoginName',
  'originatorUserId',
  'originatorUserAgent',
  'originatorAuthType',
  'originatorIsLpa',
  'changeDate',
] as const;

/**
 * Whether `orderBy`/`orderDirection` go out as strings (`["DESC"]`) or enum
 * literals (`[DESC]`): LivePerson doesn't publish which it wants.
 */
export type OrderValueStyle = 'string' | 'enum';

export interface AuditQueryArgs {
  fromDate?: string;
  toDate?: string;
  first?: number;
  offset?: number;
  orderBy?: readonly string[];
  orderDirection?: readonly string[];
  users?: readonly string[];
  componentTypes?: readonly string[];
  language?: string;
  timezone?: string;
  lpa?: boolean;
  automaticUpdates?: boolean;
  orderValueStyle?: OrderValueStyle;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

function name(value: string) {
  return { kind: Kind.NAME, value } as const;
}

function stringValue(value: string): ValueNode {
  return { kind: Kind.STRING, value, block: false };
}

function intValue(value: number, what: string): ValueNode {
  if (!Number.isSafeInteger(value) || value < 0) throw new ConfigError(`LivePerson ${what} must be a non-negative integer`);
  return { kind: Kind.INT, value: String(value) };
}

function enumValue(value: string, what: string): ValueNode {
  // An enum literal is printed raw, so only a GraphQL name may become one.
  if (!GRAPHQL_NAME.test(value)) throw new ConfigError(`LivePerson ${what} value "${value}" can't be sent as an enum literal`);
  return { kind: Kind.ENUM, value };
}

function listValue(values: readonly string[], item: (v: string) => ValueNode): ValueNode {
  return { kind: Kind.LIST, values: values.map(item) };
}

function argument(argName: string, value: ValueNode): ArgumentNode {
  return { kind: Kind.ARGUMENT, name: name(argName), value };
}

/** The printed `{auditData(…) { …13 fields… }}` query. */
export function buildAuditQuery(args: AuditQueryArgs): string {
  const list: ArgumentNode[] = [];
  const orderItem = (what: string) => (v: string) => (args.orderValueStyle === 'enum' ? enumValue(v, what) : stringValue(v));
  if (args.fromDate !== undefined) list.push(argument('fromDate', stringValue(args.fromDate)));
  if (args.toDate !== undefined) list.push(argument('toDate', stringValue(args.toDate)));
  if (args.first !== undefined) list.push(argument('first', intValue(args.first, 'first')));
  if (args.offset !== undefined) list.push(argument('offset', intValue(args.offset, 'offset')));
  if (args.orderBy?.length) list.push(argument('orderBy', listValue(args.orderBy, orderItem('orderBy'))));
  if (args.orderDirection?.length) list.push(argument('orderDirection', listValue(args.orderDirection, orderItem('orderDirection'))));
  if (args.users?.length) list.push(argument('users', listValue(args.users, stringValue)));
  if (args.componentTypes?.length) list.push(argument('componentTypes', listValue(args.componentTypes, stringValue)));
  if (args.language !== undefined) list.push(argument('language', stringValue(args.language)));
  if (args.timezone !== undefined) list.push(argument('timezone', stringValue(args.timezone)));
  if (args.lpa !== undefined) list.push(argument('lpa', { kind: Kind.BOOLEAN, value: args.lpa }));
  if (args.automaticUpdates !== undefined) list.push(argument('automaticUpdates', { kind: Kind.BOOLEAN, value: args.automaticUpdates }));

  const auditData: FieldNode = {
    kind: Kind.FIELD,
    name: name('auditData'),
    arguments: list,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: AUDIT_FIELDS.map((f): FieldNode => ({ kind: Kind.FIELD, name: name(f) })),
    },
  };
  const doc: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        selectionSet: { kind: Kind.SELECTION_SET, selections: [auditData] },
      },
    ],
  };
  return print(doc);
}

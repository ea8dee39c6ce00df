import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Kind, parse, type ArgumentNode, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { AUDIT_FIELDS, buildAuditQuery } from '../../../../src/providers/liveperson/query';
import { ConfigError } from '../../../../src/core/errors';

/** The one auditData field of a printed query, after checking the document has nothing else. */
function auditField(query: string): FieldNode {
  const doc = parse(query);
  assert.equal(doc.definitions.length, 1);
  const op = doc.definitions[0] as OperationDefinitionNode;
  assert.equal(op.kind, Kind.OPERATION_DEFINITION);
  assert.equal(op.operation, 'query');
  assert.equal(op.selectionSet.selections.length, 1);
  const field = op.selectionSet.selections[0] as FieldNode;
  assert.equal(field.kind, Kind.FIELD);
  assert.equal(field.name.value, 'auditData');
  assert.equal(field.alias, undefined);
  assert.equal(field.directives?.length ?? 0, 0);
  const selected = field.selectionSet?.selections.map((s) => (s as FieldNode).name.value);
  assert.deepStrictEqual(selected, [...AUDIT_FIELDS]);
  return field;
}

function plain(value: ValueNode): unknown {
  switch (value.kind) {
    case Kind.STRING:
      return value.value;
    case Kind.INT:
      return Number(value.value);
    case Kind.BOOLEAN:
      return value.value;
    case Kind.ENUM:
      return { enum: value.value };
    case Kind.LIST:
      return value.values.map(plain);
    default:
      throw new Error(`unexpected ${value.kind}`);
  }
}

function argumentsOf(query: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of auditField(query).arguments as readonly ArgumentNode[]) {
    assert.equal(a.name.value in out, false, `argument ${a.name.value} appears twice`);
    out[a.name.value] = plain(a.value);
  }
  return out;
}

test('every argument is sent with its value, and all 13 fields are selected', () => {
  const q = buildAuditQuery({
    fromDate: '2024-01-01',
    toDate: '2024-01-31',
    first: 500,
    offset: 1000,
    orderBy: ['changeTimestamp'],
    orderDirection: ['DESC'],
    users: ['jane', 'john'],
    componentTypes: ['Users', 'Agent Groups'],
    language: 'en-US',
    timezone: 'US/Eastern',
    lpa: true,
    automaticUpdates: false,
  });
  assert.deepStrictEqual(argumentsOf(q), {
    fromDate: '2024-01-01',
    toDate: '2024-01-31',
    first: 500,
    offset: 1000,
    orderBy: ['changeTimestamp'],
    orderDirection: ['DESC'],
    users: ['jane', 'john'],
    componentTypes: ['Users', 'Agent Groups'],
    language: 'en-US',
    timezone: 'US/Eastern',
    lpa: true,
    automaticUpdates: false,
  });
});

test('arguments left out are not sent', () => {
  assert.deepStrictEqual(argumentsOf(buildAuditQuery({ first: 50, users: [] })), { first: 50 });
});

test('orderBy and orderDirection are strings by default and enum literals when configured', () => {
  const q = buildAuditQuery({ orderBy: ['changeTimestamp'], orderDirection: ['DESC'], orderValueStyle: 'enum' });
  assert.deepStrictEqual(argumentsOf(q), { orderBy: [{ enum: 'changeTimestamp' }], orderDirection: [{ enum: 'DESC' }] });
  assert.match(q, /orderDirection: \[DESC\]/);
  assert.match(buildAuditQuery({ orderDirection: ['DESC'] }), /orderDirection: \["DESC"\]/);
  // Only a GraphQL name can become an enum literal: anything else would be printed raw.
  assert.throws(() => buildAuditQuery({ orderDirection: ['DESC) { x }'], orderValueStyle: 'enum' }), ConfigError);
  assert.throws(() => buildAuditQuery({ first: -1 }), ConfigError);
  assert.throws(() => buildAuditQuery({ offset: 1.5 }), ConfigError);
});

test('GraphQL injection: quotes, braces and newlines in values cannot change the query', () => {
  const hostile = [
    'jane"){ accountId } evil: auditData(lpa: true',
    'a\nb\r\nc',
    '"}}}{{{',
    '\\"',
    '"""block"""',
    'x", users: ["everyone',
    '# comment\n} query Other { __schema { types { name } } }',
    '\u2028\u0000\u001f',
  ];
  const q = buildAuditQuery({
    users: hostile,
    componentTypes: hostile,
    fromDate: hostile[0],
    toDate: hostile[1],
    timezone: hostile[6],
    language: hostile[5],
    first: 10,
  });
  assert.deepStrictEqual(argumentsOf(q), {
    fromDate: hostile[0],
    toDate: hostile[1],
    first: 10,
    users: hostile,
    componentTypes: hostile,
    language: hostile[5],
    timezone: hostile[6],
  });
  // The printed query stays on the lines the printer chose: no raw newline from a value.
  assert.equal(q.split('\n').length, buildAuditQuery({ users: ['a'], componentTypes: ['b'], fromDate: 'c', toDate: 'd', timezone: 'e', language: 'f', first: 10 }).split('\n').length);
});

test('any string round-trips as exactly one argument value (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 4 }), fc.string({ unit: 'binary' }), (users, tz) => {
      const args = argumentsOf(buildAuditQuery({ users, timezone: tz, first: 5 }));
      const expected: Record<string, unknown> = { first: 5 };
      if (users.length) expected.users = users;
      expected.timezone = tz;
      assert.deepStrictEqual(args, expected);
    }),
    { numRuns: 500 },
  );
});

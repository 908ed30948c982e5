import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildOpenApiDocument, OPERATIONS, SANDBOX_OPERATIONS } from '@deskwire/wire';

const errors = [
  { status: 404, codes: ['TicketNotFound', 'NotFound'] },
  { status: 400, codes: ['ValidationError'] },
];

test('the generator is pure: the same catalogue and options give the same JSON, and no TypeBox symbol survives', () => {
  const first = JSON.stringify(buildOpenApiDocument({ version: '1.2.3', errors }));
  const second = JSON.stringify(buildOpenApiDocument({ version: '1.2.3', errors: [...errors].reverse() }));
  assert.equal(first, second);
  const doc = buildOpenApiDocument({ version: '1.2.3', errors });
  assert.deepEqual(JSON.parse(first), doc, 'the document object is plain JSON (symbol keys stripped)');
  assert.equal((doc.info as { version: string }).version, '1.2.3');
});

test('every operation lists its success and each given failure status, in its surface envelope', () => {
  const doc = buildOpenApiDocument({ version: '0.0.0', errors });
  for (const op of OPERATIONS) {
    const responses = doc.paths[op.path]?.[op.method.toLowerCase()]?.responses ?? {};
    assert.deepEqual(Object.keys(responses), ['200', '400', '404'], op.name);
    const prefix = op.dialect === 'kapture' ? 'KapFailure' : 'LsqError';
    if (op.failures?.[404] === undefined) {
      assert.deepEqual(responses['404'], { $ref: `#/components/responses/${prefix}404` });
    } else {
      // An operation's own failure body is offered beside its dialect's (K6's unknown customer).
      const schema = (responses['404'] as unknown as { content: Record<string, { schema: { anyOf: unknown[] } }> })
        .content['application/json']?.schema;
      assert.equal(schema?.anyOf.length, 2, op.name);
      assert.deepEqual(schema?.anyOf[0], { $ref: `#/components/schemas/${prefix}Response` });
    }
  }
  for (const op of Object.values(SANDBOX_OPERATIONS)) {
    const responses = doc.paths[op.path]?.[op.method.toLowerCase()]?.responses ?? {};
    assert.deepEqual(Object.keys(responses), [String(op.status), '400', '404'], op.name);
  }
  assert.match(doc.components.responses.LsqError404?.description ?? '', /NotFound, TicketNotFound/);
});

test('named wire schemas are components, referenced by $ref', () => {
  const doc = buildOpenApiDocument({ version: '0.0.0', errors });
  const l4 = doc.paths['/api/tenants/{orgId}/tickets/{ticketRef}']?.get?.responses['200'];
  assert.deepEqual(l4, {
    description: 'Success',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/LsqGetTicketResponse' } } },
  });
  assert.equal(doc.components.schemas.LsqGetTicketResponse?.type, 'object');
  assert.ok(doc.components.schemas.SandboxCreateTenantBody, 'sandbox schemas are prefixed');
});

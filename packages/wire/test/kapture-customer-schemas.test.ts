import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatKapGenerationDate,
  KapCustomerNotFoundResponse,
  KapCustomerResponse,
  KapGetCustomerBody,
  KapGetCustomerResponse,
} from '@deskwire/wire';
import { Value } from '@sinclair/typebox/value';

const IST = 330;

describe('Kapture customers (K5/K6) on the wire', () => {
  test('generationDate is MMM d, yyyy h:mm:ss a in the zone, as the K6 example', () => {
    assert.equal(formatKapGenerationDate(new Date('2024-05-02T10:45:42Z'), IST), 'May 2, 2024 4:15:42 PM');
    assert.equal(formatKapGenerationDate(new Date('2024-05-01T18:30:05Z'), IST), 'May 2, 2024 12:00:05 AM');
    assert.equal(formatKapGenerationDate(new Date('2024-12-31T06:30:00Z'), IST), 'Dec 31, 2024 12:00:00 PM');
    assert.equal(formatKapGenerationDate(new Date('2024-01-09T09:07:03Z'), 0), 'Jan 9, 2024 9:07:03 AM');
  });

  test("K5's documented body and nammayatri's lower-case one both fit the response schema", () => {
    const documented = { Message: 'Customer Added Successfully', 'Kapture Customer Id': '48338968', Status: 'Success' };
    const lowerCase = { message: 'Customer Added Successfully', status: 'success', 'Kapture Customer Id': '48338968' };
    assert.ok(Value.Check(KapCustomerResponse, documented));
    assert.ok(Value.Check(KapCustomerResponse, lowerCase));
    assert.ok(
      !Value.Check(KapCustomerResponse, { Message: 'x', 'Kapture Customer Id': 48338968 }),
      'the id is a string',
    );
  });

  test("K6's documented request, response and not-found bodies", () => {
    assert.ok(Value.Check(KapGetCustomerBody, [{ kapture_customer_id: '191121684', email_id: '', phone: '' }]));
    assert.ok(
      Value.Check(KapGetCustomerResponse, {
        'Customer Details': { id: 191121684, generationDate: 'May 2, 2024 4:15:42 PM', contacts: [], city: 'Pune' },
      }),
    );
    assert.ok(
      !Value.Check(KapGetCustomerResponse, {
        'Customer Details': { id: '191121684', generationDate: '', contacts: [] },
      }),
      'the id is a number here',
    );
    assert.ok(
      Value.Check(KapCustomerNotFoundResponse, {
        'Customer Details': 'Information given by you does not exist in our sytsem.',
        status: 'failed',
      }),
    );
  });
});

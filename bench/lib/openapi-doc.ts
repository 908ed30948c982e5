import type { CapturedResponse } from './captured-response.js';

/**
 * An OpenAPI 3.0 document of L4 (GET /api/tenants/{orgId}/tickets/{ticketId}) whose 200 example is
 * the response our server gave, so Prism serves the same content. Generated for every run from
 * the captured bytes, never kept as a copy that could drift from the server.
 */
export function getTicketOpenApi(captured: CapturedResponse): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Deskwire L4 (bench)', version: '1.0.0' },
    components: {
      // The vendor's two key headers (https://apidocs.leadsquared.com/get-ticket-details/): Prism
      // checks they are present, as our server checks they are valid.
      securitySchemes: {
        accessKey: { type: 'apiKey', in: 'header', name: 'x-lsq-access-key' },
        secretKey: { type: 'apiKey', in: 'header', name: 'x-lsq-secret-key' },
      },
    },
    security: [{ accessKey: [], secretKey: [] }],
    paths: {
      '/api/tenants/{orgId}/tickets/{ticketId}': {
        get: {
          operationId: 'getTicket',
          parameters: [
            { name: 'orgId', in: 'path', required: true, schema: { type: 'integer' } },
            { name: 'ticketId', in: 'path', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'The ticket',
              content: {
                'application/json': {
                  schema: { type: 'object' },
                  example: JSON.parse(captured.body.toString('utf8')) as unknown,
                },
              },
            },
          },
        },
      },
    },
  };
}

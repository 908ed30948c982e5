import { LSQ_OPERATIONS, type LsqFieldFilterRequest } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../../core/authorize.js';
import { listLookupValues, listTicketFields } from '../../core/leadsquared/list-ticket-fields.js';
import { ApiError } from '../../errors/api-error.js';
import { operationRoute } from '../../http/operation-route.js';
import { requirePrincipal } from '../../http/request-context.js';
import { toFieldMetadata, toLookupValue } from './leadsquared-encode-metadata.js';
import type { LsqRouteContext } from './leadsquared-route-context.js';

/** Lookup values (L9) and ticket field metadata (L10); both Admin only. */
export function registerLsqMetadataRoutes(app: FastifyInstance, { deskwire }: LsqRouteContext): void {
  // L9: GET /lookups/{SchemaName}/values — documented for SubType (https://apidocs.leadsquared.com/?p=5102),
  // served in the same form for every lookup field (Status, Priority, Channel, Type, CustomData.*).
  app.route<{ Params: { schemaName: string } }>({
    ...operationRoute(LSQ_OPERATIONS.getLookupValues),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      requireAdmin(user, 'Reading lookup values');
      const values = await listLookupValues({ orgId: tenant.orgId, schemaName: request.params.schemaName }, deskwire);
      return values.map(toLookupValue);
    },
  });

  // L10: POST /ticket-types/{typeId}/fields/filter — https://apidocs.leadsquared.com/?p=5117
  app.route<{ Params: { typeId: string }; Body: LsqFieldFilterRequest }>({
    ...operationRoute(LSQ_OPERATIONS.getTicketFieldsMetadata),
    handler: async (request) => {
      const { tenant, user } = requirePrincipal(request);
      requireAdmin(user, 'Reading ticket field metadata');
      const typeId = Number(request.params.typeId);
      if (!(await deskwire.storage.fields.hasTicketType(tenant.orgId, typeId))) {
        throw new ApiError('NotFound', `Ticket type '${request.params.typeId.slice(0, 20)}' does not exist`);
      }
      const { Limit, Offset, SearchText } = request.body;
      // The docs say Offset 1 with Limit 25 returns records 1–25 while their example sends 0: Offset is
      // read as a 1-based page number, and 0 as the first page too.
      const skip = (Math.max(Offset, 1) - 1) * Limit;
      const result = await listTicketFields(
        { orgId: tenant.orgId, search: SearchText ?? null, limit: Limit, skip },
        deskwire,
      );
      return { Total: result.total, TicketsFields: result.fields.map((f) => toFieldMetadata(f, tenant.createdAt)) };
    },
  });
}

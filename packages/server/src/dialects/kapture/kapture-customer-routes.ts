import { KAP_OPERATIONS } from '@deskwire/wire';
import type { FastifyInstance } from 'fastify';
import { findKaptureCustomer, saveKaptureCustomer } from '../../core/kapture/customers.js';
import { getKaptureSettings } from '../../core/kapture/settings.js';
import type { Deskwire } from '../../deskwire.js';
import { requirePrincipal } from '../../http/request-context.js';
import { decodeGetCustomer, decodeSaveCustomer } from './kapture-customer-decode.js';
import { toCustomerDetails } from './kapture-customer-encode.js';
import { refuseOtherMethods, serveKapOperation } from './kapture-serve.js';

/** K5–K6 (docs/kapture-api.md "Customers"): Kapture's customers are the tenant's leads. */
export function registerKaptureCustomerRoutes(app: FastifyInstance, deskwire: Deskwire): void {
  refuseOtherMethods(app, KAP_OPERATIONS.addCustomer);
  refuseOtherMethods(app, KAP_OPERATIONS.getCustomer);

  // K5
  serveKapOperation(app, KAP_OPERATIONS.addCustomer, async (request) => {
    const { orgId } = requirePrincipal(request).tenant;
    const { created, customerId } = await saveKaptureCustomer(decodeSaveCustomer(request.body, orgId), deskwire);
    const message = created ? 'Customer Added Successfully' : 'Customer Updated Successfully';
    return {
      Message: message,
      'Kapture Customer Id': String(customerId),
      Status: 'Success' as const,
      message,
      status: 'success' as const,
    };
  });

  // K6
  serveKapOperation(app, KAP_OPERATIONS.getCustomer, async (request) => {
    const { orgId } = requirePrincipal(request).tenant;
    const lead = await findKaptureCustomer({ orgId, key: decodeGetCustomer(request.body) }, deskwire);
    const settings = await getKaptureSettings(orgId, deskwire);
    return { 'Customer Details': toCustomerDetails(lead, settings.utcOffsetMinutes) };
  });
}

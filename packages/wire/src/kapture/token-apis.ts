/**
 * Kapture issues one auth key per API (vendor-apis.md §4 "Kapture" 8): a token for reading tickets
 * (K3 `get`), adding (K1 `add`), updating (K2 `update`) or pulling by date (K4 `pull`), and, since
 * each API configured in Kapture gets its own key, one for adding or updating customers (K5
 * `addCustomer`) and one for reading them (K6 `getCustomer`).
 */
export const KAP_TOKEN_APIS = ['get', 'add', 'update', 'pull', 'addCustomer', 'getCustomer'] as const;
export type KapTokenApi = (typeof KAP_TOKEN_APIS)[number];

/**
 * Kapture issues one auth key per API (vendor-apis.md §4 "Kapture" 8): a token for reading tickets
 * (K3 `get`), adding (K1 `add`), updating (K2 `update`) or pulling by date (K4 `pull`).
 */
export const KAP_TOKEN_APIS = ['get', 'add', 'update', 'pull'] as const;
export type KapTokenApi = (typeof KAP_TOKEN_APIS)[number];

/**
 * When a signed download URL stops working, if the URL says: Deskwire's `expires=<epoch seconds>`,
 * or S3's `X-Amz-Date` + `X-Amz-Expires` (the vendor's `ContentPath`, vendor-apis.md §1.5).
 */
export function signedUrlExpiry(url: string): Date | undefined {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const expires = query.get('expires') ?? query.get('Expires');
  if (expires && /^\d{9,12}$/.test(expires)) return new Date(Number(expires) * 1000);
  const amzDate = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
  const amzExpires = query.get('X-Amz-Expires');
  if (amzDate && amzExpires && /^\d+$/.test(amzExpires)) {
    const [, y, mo, d, h, mi, s] = amzDate.map(Number);
    return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s) + Number(amzExpires) * 1000);
  }
  return undefined;
}

/** Conversions between portable column encodings and domain values (see database-schema.ts). */

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number): boolean => value !== 0;
export const toTimestamp = (date: Date): string => date.toISOString();
export const fromTimestamp = (value: string): Date => new Date(value);

export function parseJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

import type { NativeUserView } from '@deskwire/wire';
import type { FieldDefinition, Lookup } from './api/native-api.js';

/** Statuses that count as open for the "My open" and "Unassigned" views: everything but closed ones. */
export function openStatuses(lookups: readonly Lookup[]): string[] {
  const status = lookups.find((l) => l.schemaName === 'Status');
  return (status?.values ?? []).filter((value) => !/^(closed|resolved|cancel+ed)$/i.test(value));
}

export function lookupValues(lookups: readonly Lookup[], schemaName: string | null): string[] {
  if (schemaName === null) return [];
  return lookups.find((l) => l.schemaName === schemaName)?.values ?? [];
}

export function userName(users: readonly NativeUserView[], id: string | null | undefined): string {
  if (id === null || id === undefined || id === '') return 'Unassigned';
  return users.find((u) => u.id === id)?.name ?? id;
}

/** Fields in display order. */
export function sortedFields(fields: readonly FieldDefinition[]): FieldDefinition[] {
  return [...fields].sort((a, b) => a.sequence - b.sequence);
}

/** Relative-free, locale-stable date and time (the console runs in many time zones). */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

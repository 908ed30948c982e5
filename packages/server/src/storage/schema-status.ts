/** Where a database's schema stands against the migrations this build knows. */
export interface SchemaStatus {
  /** Migrations recorded in the database that this build knows, in order. */
  applied: string[];
  /** Migrations this build knows that the database has not had yet, in order. */
  pending: string[];
  /** Migrations recorded in the database that this build does not know: a newer Deskwire ran them. */
  unknown: string[];
}

/**
 * What `Storage.open` does about migrations: apply the pending ones; refuse unless there are none; or
 * `initialize`: migrate a new, empty store (no migration recorded yet) and otherwise refuse unless current.
 */
export type MigrationMode = 'apply' | 'require-current' | 'initialize';

/**
 * The database schema is not the one this build expects: migrations are pending (and the caller
 * asked not to apply them), or the database was migrated by a newer build. `code` is stable.
 */
export class SchemaNotCurrentError extends Error {
  readonly code = 'SCHEMA_NOT_CURRENT';
  readonly reason: 'pending' | 'newer';

  constructor(readonly status: SchemaStatus) {
    const newer = status.unknown.length > 0;
    super(
      newer
        ? `this database was migrated by a newer Deskwire (unknown migrations: ${status.unknown.join(', ')}); upgrade Deskwire`
        : `the database schema is not current (pending migrations: ${status.pending.join(', ')}); run \`deskwire migrate\` with the same --data-dir or --database, or start the server with --migrate`,
    );
    this.name = 'SchemaNotCurrentError';
    this.reason = newer ? 'newer' : 'pending';
  }
}

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ExportRecord, ExportStore, JournalEntry } from './journal.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tickets (id TEXT PRIMARY KEY, vendor TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS conversations (
  ticket_id TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (ticket_id, id));
CREATE TABLE IF NOT EXISTS attachments (sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, size INTEGER NOT NULL, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS export_state (id TEXT PRIMARY KEY, outcome TEXT NOT NULL, error TEXT, ids TEXT);
`;

/**
 * An export into one SQLite file: `tickets`, `conversations` and `attachments`, plus the resume
 * journal in `export_state`. A ticket, its conversations, its attachments' rows and its `done` entry
 * are written in one transaction, so a crash leaves either all of them or none: exactly once.
 */
export class SqliteExportStore implements ExportStore {
  readonly #db: Database.Database;
  readonly previous: ReadonlyMap<string, JournalEntry>;

  private constructor(db: Database.Database, previous: Map<string, JournalEntry>) {
    this.#db = db;
    this.previous = previous;
  }

  static async open(file: string): Promise<SqliteExportStore> {
    await mkdir(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA);
    const previous = new Map<string, JournalEntry>();
    const rows = db.prepare('SELECT id, outcome, error, ids FROM export_state').all() as Array<{
      id: string;
      outcome: JournalEntry['outcome'];
      error: string | null;
      ids: string | null;
    }>;
    for (const row of rows) {
      previous.set(row.id, {
        id: row.id,
        outcome: row.outcome,
        ...(row.error !== null && { error: row.error }),
        ...(row.ids !== null && { ids: JSON.parse(row.ids) as string[] }),
      });
    }
    return new SqliteExportStore(db, previous);
  }

  async commit(record: ExportRecord): Promise<void> {
    const db = this.#db;
    const ticket = db.prepare('INSERT OR IGNORE INTO tickets (id, vendor, json) VALUES (?, ?, ?)');
    const conversation = db.prepare('INSERT OR IGNORE INTO conversations (ticket_id, id, json) VALUES (?, ?, ?)');
    const attachment = db.prepare(
      'INSERT OR IGNORE INTO attachments (sha256, file_name, size, path) VALUES (?, ?, ?, ?)',
    );
    const state = db.prepare('INSERT OR REPLACE INTO export_state (id, outcome, error, ids) VALUES (?, ?, NULL, NULL)');
    db.transaction(() => {
      ticket.run(
        record.id,
        record.ticket.vendor,
        JSON.stringify({
          ...record.ticket,
          exportedAt: record.exportedAt,
          ...(record.incomplete !== undefined && { incomplete: record.incomplete }),
        }),
      );
      for (const a of record.ticket.attachments ?? []) attachment.run(a.sha256, a.fileName, a.size, a.file);
      record.conversations.forEach((c, index) => {
        conversation.run(record.id, c.id ?? `#${index}`, JSON.stringify(c));
        for (const a of c.attachments) attachment.run(a.sha256, a.fileName, a.size, a.file);
      });
      state.run(record.id, 'done');
    })();
  }

  async record(entry: JournalEntry): Promise<void> {
    this.#db
      .prepare('INSERT OR REPLACE INTO export_state (id, outcome, error, ids) VALUES (?, ?, ?, ?)')
      .run(entry.id, entry.outcome, entry.error ?? null, entry.ids ? JSON.stringify(entry.ids) : null);
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

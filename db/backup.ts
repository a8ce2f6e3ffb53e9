import { copyFileSync, cpSync, existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { MIGRATIONS_FOLDER } from "./client.server";

export type BackupCheck = { ok: true; migrations: number; tables: number } | { ok: false; problem: string };

/** Opens a database file read-only and checks it is whole and is one of ours. */
export function checkDatabaseFile(path: string): BackupCheck {
  if (!existsSync(path)) return { ok: false, problem: `${path} does not exist` };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") return { ok: false, problem: `integrity check failed: ${String(integrity)}` };
    const hasMigrations = db.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!hasMigrations) return { ok: false, problem: "this is not a Choice and Control database (no migrations table)" };
    const migrations = (db.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number }).n;
    const tables = (db.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n;
    return { ok: true, migrations, tables };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    db?.close();
  }
}

/** The evidence files stored beside a database (see app/domain/frameworks/files.server.ts), and a backup's copy of them. */
const uploadsOf = (databasePath: string) => join(dirname(resolve(databasePath)), "uploads");
export const backupUploadsOf = (backupPath: string) => `${resolve(backupPath)}.uploads`;

/** Copies every file of one folder into another (files are written once, named by their document's id). */
function copyFiles(from: string, to: string): number {
  if (!existsSync(from)) return 0;
  cpSync(from, to, { recursive: true, force: true });
  return readdirSync(from).length;
}

/**
 * Takes a consistent copy of a live database with SQLite's online backup API, in one step: other connections keep
 * reading and writing while it runs (in WAL mode a writer never waits for it), and the copy is the database as of
 * one moment. Copying page by page instead would start again after every write by another connection, and on a
 * busy service never finish. The evidence files are copied after it, so every file the copy names is there.
 */
export async function backupDatabase(sourcePath: string, targetPath: string): Promise<BackupCheck & { files?: number }> {
  const target = resolve(targetPath);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(sourcePath, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    await source.backup(partial, { progress: () => Number.MAX_SAFE_INTEGER });
  } finally {
    source.close();
  }
  const check = checkDatabaseFile(partial);
  if (!check.ok) {
    rmSync(partial, { force: true });
    return check;
  }
  renameSync(partial, target);
  return { ...check, files: copyFiles(uploadsOf(sourcePath), backupUploadsOf(target)) };
}

/**
 * A backup made by a newer (or another) version of the service has migrations this version does not have: its
 * tables are not the ones this version reads and writes, and this version cannot undo them. An older backup is
 * fine: the service applies the migrations it lacks when it starts.
 */
function unknownMigrations(backupPath: string, migrationsFolder: string): string | null {
  const known = new Set(readMigrationFiles({ migrationsFolder }).map((m) => m.hash));
  const db = new Database(backupPath, { readonly: true, fileMustExist: true });
  try {
    const applied = db.prepare("select hash, created_at as createdAt from __drizzle_migrations order by created_at").all() as { hash: string; createdAt: number }[];
    const unknown = applied.filter((m) => !known.has(m.hash));
    if (unknown.length === 0) return null;
    const latest = new Date(Number(unknown[unknown.length - 1]!.createdAt)).toISOString().slice(0, 10);
    return `the backup has ${unknown.length === 1 ? "a change to the database" : `${unknown.length} changes to the database`} that this version of the service does not know (the latest made on ${latest}): it was made by a newer or different version, so restore it with that version`;
  } finally {
    db.close();
  }
}

/**
 * Takes the database for the restore: refused while any other connection has it open (the service, even idle,
 * or a script). In WAL mode an idle connection holds no lock a plain `BEGIN EXCLUSIVE` would meet, but it keeps
 * the file open in shared mode, which an exclusive locking mode cannot get past. Writes whatever the WAL holds
 * into the file, so the file kept as `.before-restore` is whole on its own.
 */
function takeForRestore(target: string): string | null {
  const current = new Database(target, { fileMustExist: true });
  try {
    current.pragma("busy_timeout = 0");
    current.pragma("locking_mode = EXCLUSIVE");
    current.exec("BEGIN EXCLUSIVE");
    current.exec("COMMIT");
    current.pragma("wal_checkpoint(TRUNCATE)");
    return null;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) {
      return `${target} is in use: stop the service (and anything else using the database) before restoring`;
    }
    throw error;
  } finally {
    current.close();
  }
}

/**
 * Replaces the database with a backup after checking the backup (whole, ours, and made by this version of the
 * service or an older one), and puts back the backup's evidence files. Refused, changing nothing, while the
 * database is in use: the service must be stopped first. The current file is kept beside it as
 * `<name>.before-restore`.
 */
export function restoreDatabase(backupPath: string, databasePath: string, migrationsFolder = MIGRATIONS_FOLDER): BackupCheck {
  const check = checkDatabaseFile(backupPath);
  if (!check.ok) return check;
  const newer = unknownMigrations(backupPath, migrationsFolder);
  if (newer) return { ok: false, problem: newer };
  const target = resolve(databasePath);
  if (existsSync(target)) {
    const inUse = takeForRestore(target);
    if (inUse) return { ok: false, problem: inUse };
    renameSync(target, `${target}.before-restore`);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backupPath, `${target}.restoring`);
  renameSync(`${target}.restoring`, target);
  copyFiles(backupUploadsOf(backupPath), uploadsOf(target));
  return checkDatabaseFile(target);
}

export const backupFolderOf = (databasePath: string) => resolve(dirname(databasePath), "backups");

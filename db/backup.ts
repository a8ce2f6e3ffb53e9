import { copyFileSync, cpSync, existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";

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
 * Replaces the database with a backup after checking the backup, and puts back the backup's evidence files. The
 * current file is kept beside it as `<name>.before-restore`. The service must be stopped while this runs.
 */
export function restoreDatabase(backupPath: string, databasePath: string): BackupCheck {
  const check = checkDatabaseFile(backupPath);
  if (!check.ok) return check;
  const target = resolve(databasePath);
  if (existsSync(target)) {
    const current = new Database(target);
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    renameSync(target, `${target}.before-restore`);
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backupPath, `${target}.restoring`);
  renameSync(`${target}.restoring`, target);
  copyFiles(backupUploadsOf(backupPath), uploadsOf(target));
  return checkDatabaseFile(target);
}

export const backupFolderOf = (databasePath: string) => resolve(dirname(databasePath), "backups");

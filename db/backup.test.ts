import { fork } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { createTestDb } from "../test/db";
import { backupDatabase, checkDatabaseFile, restoreDatabase } from "./backup";

const WRITER = `
const Database = require(process.env.BETTER_SQLITE3);
const db = new Database(process.argv[2]);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("insert into settings (key, value) values (?, ?)");
let n = 0;
process.send("ready");
const until = Date.now() + Number(process.env.WRITE_MS ?? 1500);
while (Date.now() < until) {
  db.transaction(() => { for (let i = 0; i < 20; i++) insert.run("k" + process.pid + "-" + n++, "x".repeat(200)); })();
}
db.close();
process.send(n);
`;

/** Starts a process writing to the database for `ms`; resolves when it is writing, with a promise of its count. */
async function startWriter(path: string, dir: string, ms = 1500) {
  const script = join(dir, "writer.cjs");
  writeFileSync(script, WRITER);
  const writer = fork(script, [path], { env: { ...process.env, BETTER_SQLITE3: require.resolve("better-sqlite3"), WRITE_MS: String(ms) } });
  const written = new Promise<number>((resolve) => writer.on("message", (m) => typeof m === "number" && resolve(m)));
  await new Promise<void>((resolve) => writer.once("message", () => resolve()));
  return { writer, written };
}

describe("backups", () => {
  it("takes a consistent copy while another process keeps writing, and restores it after checking", async () => {
    const db = createTestDb();
    const path = db.$client.name;
    const dir = mkdtempSync(join(tmpdir(), "backup-"));
    const uploads = join(dirname(path), "uploads");
    mkdirSync(uploads, { recursive: true });
    writeFileSync(join(uploads, "document-1"), "%PDF-1.4 evidence");
    const { written } = await startWriter(path, dir);

    const target = join(dir, "copy.db");
    const result = await backupDatabase(path, target);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.files).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join(`${target}.uploads`, "document-1"), "utf8")).toBe("%PDF-1.4 evidence");
    expect(await written).toBeGreaterThan(0);

    const copy = new Database(target, { readonly: true });
    const rows = (copy.prepare("select count(*) as n from settings").get() as { n: number }).n;
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(rows % 20).toBe(0);
    copy.close();

    db.$client.close();
    rmSync(join(uploads, "document-1"));
    const restored = restoreDatabase(target, path);
    expect(readFileSync(join(uploads, "document-1"), "utf8")).toBe("%PDF-1.4 evidence");
    expect(restored).toMatchObject({ ok: true });
    expect(existsSync(`${path}.before-restore`)).toBe(true);
    const after = new Database(path, { readonly: true });
    expect((after.prepare("select count(*) as n from settings").get() as { n: number }).n).toBe(rows);
    after.close();
  });

  it("finishes a backup of a database of thousands of pages while another process writes to it all the time", async () => {
    const db = createTestDb();
    const path = db.$client.name;
    const fill = db.$client.prepare("insert into settings (key, value) values (?, ?)");
    db.$client.transaction(() => {
      for (let i = 0; i < 5_000; i++) fill.run(`fill-${i}`, "y".repeat(4_000));
    })();
    const dir = mkdtempSync(join(tmpdir(), "backup-busy-"));
    const { writer, written } = await startWriter(path, dir, 20_000);
    let writing = true;
    void written.then(() => (writing = false));
    const result = await backupDatabase(path, join(dir, "copy.db"));
    expect(result).toMatchObject({ ok: true });
    expect(writing, "the backup finished while the other process was still writing").toBe(true);
    writer.kill();
    db.$client.close();
  });

  it("refuses to restore while the service has the database open, even idle, changing nothing", async () => {
    const db = createTestDb();
    const path = db.$client.name;
    const dir = mkdtempSync(join(tmpdir(), "restore-in-use-"));
    const backup = join(dir, "copy.db");
    expect(await backupDatabase(path, backup)).toMatchObject({ ok: true });
    db.$client.prepare("insert into settings (key, value) values ('after-backup', 'kept')").run();

    const refused = restoreDatabase(backup, path);
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.problem).toMatch(/is in use: stop the service/);
    expect(existsSync(`${path}.before-restore`)).toBe(false);
    // The service carries on with its own data.
    db.$client.prepare("insert into settings (key, value) values ('still-writing', 'yes')").run();
    expect(db.$client.prepare("select count(*) as n from settings where key in ('after-backup', 'still-writing')").get()).toEqual({ n: 2 });

    db.$client.close();
    expect(restoreDatabase(backup, path)).toMatchObject({ ok: true });
    const after = new Database(path, { readonly: true });
    expect(after.prepare("select count(*) as n from settings where key = 'after-backup'").get()).toEqual({ n: 0 });
    after.close();
  });

  it("refuses a backup made by a newer version of the service, whose migrations this one does not know, changing nothing", async () => {
    const db = createTestDb();
    const path = db.$client.name;
    const dir = mkdtempSync(join(tmpdir(), "restore-newer-"));
    const backup = join(dir, "newer.db");
    expect(await backupDatabase(path, backup)).toMatchObject({ ok: true });
    db.$client.close();
    const newer = new Database(backup);
    newer.prepare("insert into __drizzle_migrations (hash, created_at) values (?, ?)").run("f".repeat(64), Date.UTC(2031, 0, 15));
    newer.close();

    const refused = restoreDatabase(backup, path);
    expect(refused).toMatchObject({ ok: false });
    expect(!refused.ok && refused.problem).toMatch(/a change to the database that this version of the service does not know \(the latest made on 2031-01-15\)/);
    expect(existsSync(`${path}.before-restore`)).toBe(false);
    // An older backup (one with fewer migrations than this version) is restored: the service migrates it when it starts.
    const older = new Database(backup);
    older.prepare("delete from __drizzle_migrations where created_at >= ?").run(Date.UTC(2031, 0, 1));
    older.prepare("delete from __drizzle_migrations where id = (select max(id) from __drizzle_migrations)").run();
    older.close();
    expect(restoreDatabase(backup, path)).toMatchObject({ ok: true });
  });

  it("refuses to restore a file that is not a whole database of ours, changing nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "restore-"));
    const junk = join(dir, "junk.db");
    writeFileSync(junk, "not a database at all");
    const target = join(dir, "app.db");
    writeFileSync(target, "current");
    expect(checkDatabaseFile(junk)).toMatchObject({ ok: false });
    expect(restoreDatabase(junk, target)).toMatchObject({ ok: false });
    expect(existsSync(`${target}.before-restore`)).toBe(false);
  });
});

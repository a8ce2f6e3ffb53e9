import { fork } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
const until = Date.now() + 1500;
while (Date.now() < until) {
  db.transaction(() => { for (let i = 0; i < 20; i++) insert.run("k" + process.pid + "-" + n++, "x".repeat(200)); })();
}
db.close();
process.send(n);
`;

describe("backups", () => {
  it("takes a consistent copy while another process keeps writing, and restores it after checking", async () => {
    const db = createTestDb();
    const path = db.$client.name;
    const dir = mkdtempSync(join(tmpdir(), "backup-"));
    const script = join(dir, "writer.cjs");
    writeFileSync(script, WRITER);
    const writer = fork(script, [path], { env: { ...process.env, BETTER_SQLITE3: require.resolve("better-sqlite3") } });
    const written = new Promise<number>((resolve) => writer.on("message", (m) => typeof m === "number" && resolve(m)));
    await new Promise<void>((resolve) => writer.once("message", () => resolve()));

    const target = join(dir, "copy.db");
    const result = await backupDatabase(path, target);
    expect(result).toMatchObject({ ok: true });
    expect(await written).toBeGreaterThan(0);

    const copy = new Database(target, { readonly: true });
    const rows = (copy.prepare("select count(*) as n from settings").get() as { n: number }).n;
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(rows % 20).toBe(0);
    copy.close();

    db.$client.close();
    const restored = restoreDatabase(target, path);
    expect(restored).toMatchObject({ ok: true });
    expect(existsSync(`${path}.before-restore`)).toBe(true);
    const after = new Database(path, { readonly: true });
    expect((after.prepare("select count(*) as n from settings").get() as { n: number }).n).toBe(rows);
    after.close();
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

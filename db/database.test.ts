import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, councils, organisations, settings, users } from "@db/schema";
import { createTestDb, TEST_PASSWORD } from "../test/db";
import { migrateDatabase, openDatabase } from "./client.server";
import { DEMO_USERS, seedDemoData } from "./seed";
import { recordAudit } from "~/domain/audit/audit.server";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("the database", () => {
  it("applies every migration to an empty database and says it was new, then that it was not", () => {
    const path = join(mkdtempSync(join(tmpdir(), "cc-")), "nested", "app.db");
    const db = openDatabase(path);
    expect(migrateDatabase(db)).toBe(true);
    expect(migrateDatabase(db)).toBe(false);
    const tables = db.all<{ name: string }>(sql`select name from sqlite_master where type = 'table'`).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(["users", "sessions", "audit_events", "outbox", "councils", "organisations"]));
    expect(db.get<{ journal_mode: string }>(sql`pragma journal_mode`)?.journal_mode).toBe("wal");
    expect(db.get<{ foreign_keys: number }>(sql`pragma foreign_keys`)?.foreign_keys).toBe(1);
  });

  it("keeps the audit log append-only", () => {
    const db = createTestDb();
    recordAudit(db, { actor: null, action: "test.happened", subjectType: "test" });
    expect(() => db.update(auditEvents).set({ detail: "changed" }).run()).toThrow(/append-only/);
    expect(() => db.delete(auditEvents).run()).toThrow(/append-only/);
    expect(db.select().from(auditEvents).all()).toHaveLength(1);
  });

  it("loads the demo data, and loading it again changes nothing", async () => {
    const db = createTestDb();
    await seedDemoData(db, { password: TEST_PASSWORD });
    const count = () => ({
      users: db.select().from(users).all().length,
      councils: db.select().from(councils).all().length,
      organisations: db.select().from(organisations).all().length,
      settings: db.select().from(settings).all().length,
    });
    const first = count();
    expect(first.users).toBe(DEMO_USERS.length);
    expect(first.councils).toBe(2);
    await seedDemoData(db, { password: TEST_PASSWORD });
    expect(count()).toEqual(first);
  });
});

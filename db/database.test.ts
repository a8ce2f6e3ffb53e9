import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, councils, organisations, settings, users } from "@db/schema";
import { createTestDb, TEST_PASSWORD } from "../test/db";
import { migrateDatabase, openDatabase, STATEMENTS_KEPT } from "./client.server";
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

  it("compiles a query once and reuses it, answering in the form each caller asks for", () => {
    const db = createTestDb();
    db.insert(councils).values({ name: "Glenmore Council", slug: "glenmore" }).run();
    const text = "select name, slug from councils where slug = ?";
    const first = db.$client.prepare(text);
    expect(db.$client.prepare(text)).toBe(first);
    expect(first.raw().get("glenmore")).toEqual(["Glenmore Council", "glenmore"]);
    expect(db.$client.prepare(text).get("glenmore")).toEqual({ name: "Glenmore Council", slug: "glenmore" });
    expect(db.$client.prepare(text).pluck().get("glenmore")).toBe("Glenmore Council");
    expect(db.select({ name: councils.name }).from(councils).where(sql`slug = ${"glenmore"}`).get()).toEqual({ name: "Glenmore Council" });
    expect(db.$client.prepare(text).all("glenmore")).toEqual([{ name: "Glenmore Council", slug: "glenmore" }]);
  });

  it("keeps a bounded number of compiled queries", () => {
    const db = createTestDb();
    const first = db.$client.prepare("select 0 as n");
    for (let i = 1; i <= STATEMENTS_KEPT; i++) db.$client.prepare(`select ${i} as n`);
    expect(db.$client.prepare("select 0 as n")).not.toBe(first);
    expect(db.$client.prepare("select 0 as n").get()).toEqual({ n: 0 });
  });
});

import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { agreements, agreementSignatures, auditEvents, isfAccounts, ledgerEntries, people } from "@db/schema";
import { createSeededDb } from "../../../test/db";
import { actorFor } from "../../../test/factories";

let db: Db;
beforeAll(async () => {
  db = await createSeededDb();
});

const byRef = (reference: string) => db.select().from(people).where(eq(people.reference, reference)).get()!;

describe("demo agreements", () => {
  it("has James active with a fund, Morag waiting for her signature, Callum waiting for approval", () => {
    const rows = db.select().from(agreements).all();
    const status = (ref: string) => rows.find((a) => a.personId === byRef(ref).id)?.status;
    expect(status("CV-100871")).toBe("active");
    expect(status("CV-100234")).toBe("issued");
    expect(status("CV-101456")).toBe("awaiting_approval");
    const james = rows.find((a) => a.personId === byRef("CV-100871").id)!;
    const account = db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james.id)).get()!;
    expect(account.openingAmount).toBe(1_800_000);
    expect(db.select().from(ledgerEntries).where(eq(ledgerEntries.accountId, account.id)).all().length).toBeGreaterThan(10);
    expect(james.reference).toMatch(/^CV-ISF-\d{6}$/);
  });
});

import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { councilYearOf, demoDate } from "./demo-year";

describe("the demo story's dates", () => {
  it("are as written in the council year 2026/27 and before it", () => {
    expect(demoDate("2026-04-01", "2026-12-04")).toBe("2026-04-01");
    expect(demoDate("2027-03-31", "2027-03-31")).toBe("2027-03-31");
    expect(demoDate("2026-04-01", "2025-06-01")).toBe("2026-04-01");
  });

  it("move on by whole years in a later council year, keeping the end of February", () => {
    expect(councilYearOf("2027-04-01")).toBe(2027);
    expect(councilYearOf("2028-03-31")).toBe(2027);
    expect(demoDate("2026-04-01", "2027-04-01")).toBe("2027-04-01");
    expect(demoDate("2027-03-31", "2027-05-20")).toBe("2028-03-31");
    expect(demoDate("2027-02-28", "2027-05-20")).toBe("2028-02-28");
    expect(demoDate("2026-12-07", "2029-01-10")).toBe("2028-12-07");
  });
});

describe("the demo data loaded a year later", () => {
  it("has James's agreement and budget in the council year it is loaded in", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2027-06-15T10:00:00Z"));
    try {
      vi.resetModules();
      const { createSeededDb } = await import("../../test/db");
      const { agreements, agreementVersions, budgetVersions, isfAccounts, people } = await import("@db/schema");
      const db = await createSeededDb();
      const person = db.select().from(people).where(eq(people.reference, "CV-100871")).get()!;
      const james = db.select().from(agreements).where(and(eq(agreements.personId, person.id), eq(agreements.status, "active"))).get();
      expect(james).toBeDefined();
      const version = db.select().from(agreementVersions).where(and(eq(agreementVersions.agreementId, james!.id), eq(agreementVersions.status, "approved"))).get();
      expect([version?.startOn, version?.endOn]).toEqual(["2027-04-01", "2028-03-31"]);
      expect(db.select().from(isfAccounts).where(eq(isfAccounts.agreementId, james!.id)).get()?.periodEnd).toBe("2028-03-31");
      expect(db.select({ endsOn: budgetVersions.endsOn }).from(budgetVersions).where(eq(budgetVersions.personId, person.id)).all().map((b) => b.endsOn)).toContain("2028-03-31");
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);
});

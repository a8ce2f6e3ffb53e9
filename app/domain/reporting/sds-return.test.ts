import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@db/client.server";
import { budgetVersions, councilListItems, people } from "@db/schema";
import type { Actor } from "~/auth/permissions";
import { Forbidden, RuleBroken } from "~/lib/errors";
import { createTestDb } from "../../../test/db";
import { makeUser } from "../../../test/factories";
import { toCsv } from "~/lib/csv";
import { commissioningDashboard } from "./dashboard.server";
import { ageBandOf, sdsReturn, sdsReturnCsv, type CountRow } from "./sds-return.server";

type Split = [number, number, number];
type Version = { startsOn: string; endsOn?: string; split: Split };

let db: Db;
let practitioner: Actor;
let commissioner: Actor;
let otherCommissioner: Actor;
const localities: Record<string, string> = {};
const careGroups: Record<string, string> = {};

function addPerson(
  councilId: string,
  recordedBy: string,
  reference: string,
  dateOfBirth: string,
  locality: string | null,
  versions: Version[],
  careGroup: string | null = null,
  closedAt: Date | null = null,
) {
  const person = db
    .insert(people)
    .values({
      councilId,
      reference,
      name: `Person ${reference}`,
      dateOfBirth,
      localityId: locality ? localities[locality]! : null,
      careGroupId: careGroup ? careGroups[careGroup]! : null,
      ...(closedAt ? { status: "closed" as const, closedAt, closedReason: "Moved away" } : {}),
    })
    .returning()
    .get();
  versions.forEach((v, index) => {
    const [option1Pence, option2Pence, option3Pence] = v.split;
    db.insert(budgetVersions)
      .values({
        personId: person.id,
        version: index + 1,
        amountPence: option1Pence + option2Pence + option3Pence || 100_000,
        period: "year",
        startsOn: v.startsOn,
        endsOn: v.endsOn ?? null,
        basis: "ras_score",
        option1Pence,
        option2Pence,
        option3Pence,
        reason: "Assessed",
        recordedBy,
      })
      .run();
  });
}

/**
 * The hand-computed data set, for the year 1 April 2026 to 31 March 2027 (ages on 31 March 2027):
 * A 76, North, Option 2 · B Option 1 but only in 2025/26 · C 37, North, Option 1 then Options 2 and 3 (so 4)
 * D 86 on the day, no locality, Option 3 from the last day · E 64 (65 the next day), South, no split yet
 * G 18 on the day, South, Option 1 for three months · F in another council.
 * Care groups: A and D older people, C and G learning disability (retired from the list since), E and B none.
 */
beforeAll(() => {
  db = createTestDb();
  practitioner = makeUser(db, "practitioner");
  const councilId = practitioner.councilId!;
  commissioner = makeUser(db, "commissioner", { councilId });
  otherCommissioner = makeUser(db, "commissioner");
  for (const [position, label] of ["North", "South", "West"].entries()) {
    localities[label] = db.insert(councilListItems).values({ councilId, kind: "locality", label, position }).returning().get().id;
  }
  for (const [position, label] of ["Older people", "Learning disability"].entries()) {
    const retiredAt = label === "Learning disability" ? new Date("2026-12-01T00:00:00Z") : null;
    careGroups[label] = db.insert(councilListItems).values({ councilId, kind: "care_group", label, position, retiredAt }).returning().get().id;
  }
  const by = practitioner.id;
  addPerson(councilId, by, "A", "1950-06-01", "North", [{ startsOn: "2026-04-01", split: [0, 1_500_000, 0] }], "Older people");
  addPerson(councilId, by, "B", "2010-04-01", "South", [{ startsOn: "2025-04-01", endsOn: "2026-03-31", split: [800_000, 0, 0] }]);
  addPerson(councilId, by, "C", "1990-01-15", "North", [
    { startsOn: "2026-01-01", endsOn: "2026-05-31", split: [900_000, 0, 0] },
    { startsOn: "2026-06-01", split: [0, 600_000, 400_000] },
  ], "Learning disability");
  addPerson(councilId, by, "D", "1941-03-31", null, [{ startsOn: "2027-03-31", split: [0, 0, 700_000] }], "Older people");
  addPerson(councilId, by, "E", "1962-04-01", "South", [{ startsOn: "2026-09-01", split: [0, 0, 0] }]);
  addPerson(councilId, by, "G", "2009-03-31", "South", [{ startsOn: "2026-12-01", endsOn: "2027-02-28", split: [500_000, 0, 0] }], "Learning disability");
  addPerson(otherCommissioner.councilId!, otherCommissioner.id, "F", "1980-01-01", null, [{ startsOn: "2026-04-01", split: [0, 1_000_000, 0] }]);
});

const YEAR = { from: "2026-04-01", to: "2027-03-31" };
const table = (rows: CountRow[]) => rows.map((r) => [r.label, r.counts.option1, r.counts.option2, r.counts.option3, r.counts.option4, r.counts.notChosen, r.counts.total]);

describe("the SDS return", () => {
  it("counts each person with a budget overlapping the period once, under the option of their latest version there", () => {
    const report = sdsReturn(db, commissioner, YEAR);
    expect(report.totals).toEqual({ option1: 1, option2: 1, option3: 1, option4: 1, notChosen: 1, total: 5 });
    expect(table(report.byAgeBand)).toEqual([
      ["Under 18", 0, 0, 0, 0, 0, 0],
      ["18 to 64", 1, 0, 0, 1, 1, 3],
      ["65 to 74", 0, 0, 0, 0, 0, 0],
      ["75 to 84", 0, 1, 0, 0, 0, 1],
      ["85 and over", 0, 0, 1, 0, 0, 1],
    ]);
    expect(table(report.byLocality)).toEqual([
      ["North", 0, 1, 0, 1, 0, 2],
      ["South", 1, 0, 0, 0, 1, 2],
      ["West", 0, 0, 0, 0, 0, 0],
      ["Not recorded", 0, 0, 1, 0, 0, 1],
    ]);
    expect(table(report.byCareGroup)).toEqual([
      ["Older people", 0, 1, 1, 0, 0, 2],
      ["Learning disability", 1, 0, 0, 1, 0, 2],
      ["Not recorded", 0, 0, 0, 0, 1, 1],
    ]);
  });

  it("counts another period from the budgets of that period, with ages on its last day", () => {
    const report = sdsReturn(db, practitioner, { from: "2025-04-01", to: "2025-12-31" });
    expect(report.totals).toEqual({ option1: 1, option2: 0, option3: 0, option4: 0, notChosen: 0, total: 1 });
    expect(report.byAgeBand[0]!.counts.option1).toBe(1);
  });

  it("takes ages on birthdays exactly", () => {
    expect(ageBandOf("2009-03-31", "2027-03-31")).toBe("18 to 64");
    expect(ageBandOf("2009-04-01", "2027-03-31")).toBe("Under 18");
    expect(ageBandOf("1962-04-01", "2027-03-31")).toBe("18 to 64");
    expect(ageBandOf("1962-03-31", "2027-03-31")).toBe("65 to 74");
  });

  it("gives another council's commissioner only their own council's people, and refuses providers, people and finance", () => {
    expect(sdsReturn(db, otherCommissioner, YEAR).totals).toEqual({ option1: 0, option2: 1, option3: 0, option4: 0, notChosen: 0, total: 1 });
    for (const role of ["provider_admin", "supported_person", "representative", "finance"] as const) {
      expect(() => sdsReturn(db, makeUser(db, role, role === "finance" ? { councilId: practitioner.councilId } : {}), YEAR)).toThrow(Forbidden);
    }
  });

  it("refuses a period that ends before it starts or is not a date", () => {
    expect(() => sdsReturn(db, commissioner, { from: "2026-04-01", to: "2026-03-31" })).toThrow(RuleBroken);
    expect(() => sdsReturn(db, commissioner, { from: "2026-02-30", to: "2026-03-31" })).toThrow(RuleBroken);
  });

  it("downloads as CSV with counts only: no names or references", () => {
    const { header, rows } = sdsReturnCsv(sdsReturn(db, commissioner, YEAR));
    const csv = toCsv(header, rows);
    expect(csv.split("\r\n")[0]).toBe('"Period start","Period end","Breakdown","Category","Option 1","Option 2","Option 3","Option 4","Not chosen yet","Total"');
    expect(csv).toContain('"2026-04-01","2027-03-31","Locality","North",0,1,0,1,0,2\r\n');
    expect(csv).toContain('"All people","Total",1,1,1,1,1,5\r\n');
    expect(csv).toContain('"2026-04-01","2027-03-31","Care group","Older people",0,1,1,0,0,2\r\n');
    expect(csv).not.toMatch(/Person [A-G]/);
  });
});

/**
 * Closed records, in a council of their own (Option 2 budgets of £10,000 a year):
 * H Option 2 from 1 January 2026, closed 15 June 2026 · I Option 1 from 1 April 2026 then Option 3 from 1 July,
 * closed that morning (so never Option 3) · J Option 3 from April 2025, closed 31 March 2026 · K Option 1 from
 * 1 January 2026, closed on the morning of 1 April 2026 · L open, Option 2 from 1 April 2026.
 */
describe("closed records", () => {
  let closedCommissioner: Actor;

  beforeAll(() => {
    closedCommissioner = makeUser(db, "commissioner");
    const councilId = closedCommissioner.councilId!;
    const by = closedCommissioner.id;
    const closed = (day: string, time = "10:00") => new Date(`${day}T${time}:00Z`);
    addPerson(councilId, by, "H", "1970-01-01", null, [{ startsOn: "2026-01-01", split: [0, 1_000_000, 0] }], null, closed("2026-06-15"));
    addPerson(councilId, by, "I", "1970-01-01", null, [{ startsOn: "2026-04-01", endsOn: "2026-06-30", split: [900_000, 0, 0] }, { startsOn: "2026-07-01", split: [0, 0, 900_000] }], null, closed("2026-07-01", "09:00"));
    addPerson(councilId, by, "J", "1970-01-01", null, [{ startsOn: "2025-04-01", split: [0, 0, 700_000] }], null, closed("2026-03-31"));
    addPerson(councilId, by, "K", "1970-01-01", null, [{ startsOn: "2026-01-01", split: [500_000, 0, 0] }], null, closed("2026-04-01", "08:00"));
    addPerson(councilId, by, "L", "1970-01-01", null, [{ startsOn: "2026-04-01", split: [0, 1_000_000, 0] }]);
  });

  it("counts a closed record in the SDS return only for the days before it was closed", () => {
    expect(sdsReturn(db, closedCommissioner, YEAR).totals).toEqual({ option1: 1, option2: 2, option3: 0, option4: 0, notChosen: 0, total: 3 });
    expect(sdsReturn(db, closedCommissioner, { from: "2026-07-01", to: "2026-09-30" }).totals).toEqual({ option1: 0, option2: 1, option3: 0, option4: 0, notChosen: 0, total: 1 });
    expect(sdsReturn(db, closedCommissioner, { from: "2025-04-01", to: "2026-03-31" }).totals).toEqual({ option1: 1, option2: 1, option3: 1, option4: 0, notChosen: 0, total: 3 });
  });

  it("counts a closed record among the people with a budget today, and in the Option 2 money, only before the day it was closed", () => {
    const on = (today: string) => {
      const { people: figures, option2 } = commissioningDashboard(db, closedCommissioner, today);
      return [figures.totals.option1, figures.totals.option2, figures.totals.option3, figures.totals.total, option2.people, option2.yearlyPence];
    };
    expect(on("2026-06-14")).toEqual([1, 2, 0, 3, 2, 2_000_000]);
    expect(on("2026-06-15")).toEqual([1, 1, 0, 2, 1, 1_000_000]);
    expect(on("2026-07-01")).toEqual([0, 1, 0, 1, 1, 1_000_000]);
    expect(on("2026-03-31")).toEqual([1, 1, 0, 2, 1, 1_000_000]);
  });
});

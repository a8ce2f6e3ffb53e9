import { describe, expect, it } from "vitest";
import { createSeededDb } from "../../../test/db";
import { pdfText } from "../../../test/pdf";
import { actorFor, councilId } from "../../../test/factories";
import { fingerprintOf, feePence, wordAgreement, type AgreementContent } from "./document";
import { agreementPdf, easyReadPdf } from "./pdf.server";
import { DEFAULT_CLAUSES, DEFAULT_EASY_READ, DEFAULT_TERMS, unknownPlaceholders } from "./template";
import { currentTemplate, saveTemplate } from "./templates.server";

const facts = {
  reference: "CV-ISF-000123",
  version: 1,
  templateVersion: 1,
  council: "Clydevale Council",
  provider: "Riverbank Community Care",
  person: "Callum Baird",
  personSignatory: "Callum Baird or Aileen Baird for Callum Baird",
  personSignatories: [
    { name: "Callum Baird", authority: "The supported person, signing for themselves" },
    { name: "Aileen Baird", authority: "Welfare power of attorney; authority to choose and sign for Callum Baird from 1 June 2023" },
  ],
  frameworkTerms: DEFAULT_TERMS.frameworkTermsName,
  start: "2026-12-01",
  end: "2027-11-30",
  review: "2027-05-31",
  isfPence: 988_000,
  cadence: "four_weekly_arrears" as const,
  fee: { kind: "percent" as const, basisPoints: 500, funding: "from_fund" as const },
  contingencyPence: 20_000,
  otherProvidersAllowed: true,
  plan: [
    { outcome: "Having things to do", ownWords: "Go swimming with a friend on Tuesdays", support: "Support worker at the pool", quantity: "3 hours a week", costOption: "£24.50 an hour", amountPence: 382_200 },
    { outcome: "Staying independent", ownWords: "Learn to cook my own tea", support: "Cooking skills at home", quantity: "4 hours a week", costOption: "£24.50 an hour", amountPence: 509_600 },
  ],
  terms: { noticeDays: 28, paymentDays: 28, statementWeeks: 4, surplusWeeks: 4, surplusHeldWeeks: 12 },
};

const content: AgreementContent = wordAgreement(facts, { clauses: DEFAULT_CLAUSES, easyRead: DEFAULT_EASY_READ });

describe("agreement wording", () => {
  it("fills every placeholder of the standard wording", () => {
    const all = [...content.clauses, ...content.easyRead].map((c) => `${c.heading} ${c.body}`).join("\n");
    expect(all).not.toMatch(/\{\{/);
    expect(all).toContain("Pay every valid invoice within 28 days.");
    expect(all).toContain("The fund is £9,880.00. The provider is paid every 4 weeks in arrears.");
    expect(all).toContain("management fee of 5% (£494.00) is paid from the fund");
    expect(feePence(facts.fee, facts.isfPence)).toBe(49_400);
  });

  it("refuses wording with placeholders it does not know", async () => {
    expect(unknownPlaceholders([{ heading: "x", body: "Pay within {{payment.dayz}} days to {{council.name}}" }])).toEqual(["payment.dayz"]);
    const db = await createSeededDb();
    const commissioner = actorFor(db, "commissioner@clydevale.example");
    const clydevale = councilId(db, "clydevale");
    expect(() =>
      saveTemplate(db, commissioner, clydevale, { clauses: [{ heading: "x", body: "{{nope}}" }], easyReadClauses: [], terms: DEFAULT_TERMS, changeNote: "typo" }),
    ).toThrow(/\{\{nope\}\}/);
    const saved = saveTemplate(db, commissioner, clydevale, { clauses: DEFAULT_CLAUSES, easyReadClauses: DEFAULT_EASY_READ, terms: { ...DEFAULT_TERMS, noticeDays: 56 }, changeNote: "Longer notice" });
    expect(saved.version).toBe(2);
    expect(currentTemplate(db, clydevale).terms.noticeDays).toBe(56);
    expect(() => saveTemplate(db, actorFor(db, "commissioner@eastmuir.example"), clydevale, { clauses: DEFAULT_CLAUSES, easyReadClauses: DEFAULT_EASY_READ, terms: DEFAULT_TERMS, changeNote: "x" })).toThrow(
      /permission/,
    );
  });

  it("fingerprints the content: the same content gives the same fingerprint, any change a different one", () => {
    const fingerprint = fingerprintOf(content);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(structuredClone(content))).toBe(fingerprint);
    expect(fingerprintOf({ ...content, isfPence: content.isfPence + 1 })).not.toBe(fingerprint);
  });
});

describe("agreement PDFs", () => {
  it("contains the parties, dates, money, outcomes, clauses and fingerprint", async () => {
    const fingerprint = fingerprintOf(content);
    const text = pdfText(await agreementPdf(content, fingerprint));
    for (const expected of [
      "Clydevale Council",
      "Riverbank Community Care",
      "Callum Baird",
      "Aileen Baird: Welfare power of attorney; authority to choose and sign for Callum Baird from 1 June 2023",
      "£9,880.00",
      "1 December 2026",
      "30 November 2027",
      "Go swimming with a friend on Tuesdays",
      "£3,822.00",
      "Total planned: £8,918.00 of £9,880.00",
      "personal assistant",
      "no contractual liability",
      fingerprint,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("adds a signature page with each signature, the approval and the fingerprints", async () => {
    const fingerprint = fingerprintOf(content);
    const signedAt = "2026-11-20T10:15:00.000Z";
    const text = pdfText(
      await agreementPdf(content, fingerprint, {
        signatures: [
          { party: "For the person", name: "Aileen Baird", role: "Representative", authority: "Welfare power of attorney", signedAt, fingerprint },
          { party: "For the provider", name: "Ewan MacLeod", role: "Provider administrator", authority: "Authorised signatory", signedAt, fingerprint },
        ],
        approval: { name: "Fiona Gallacher", approvedAt: signedAt, fingerprint },
      }),
    );
    expect(text).toContain("Signatures and approval");
    expect(text).toContain("Aileen Baird, Representative");
    expect(text).toContain("Approved for the council by: Fiona Gallacher");
  });

  it("has an Easy Read version in large type", async () => {
    const buffer = await easyReadPdf(content);
    const text = pdfText(buffer);
    expect(text).toContain("Your support agreement");
    expect(text).toContain("You can change provider.");
    expect(text).toContain("Learn to cook my own tea.");
  });
});

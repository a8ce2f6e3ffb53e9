import { describe, expect, it } from "vitest";
import { daysToPay } from "./invoices.server";
import { daysWaitingForProvider } from "./waiting";

const at = (date: string, time = "10:00:00") => new Date(`${date}T${time}Z`);
const TODAY = "2026-11-22";

describe("days an invoice waited for the provider's answer", () => {
  const submitted = { submittedOn: "2026-11-10", paidOn: null };

  it("counts from the day the question was asked to today while it is unanswered, within the days outstanding", () => {
    // Submitted 10 November: 12 days outstanding on 22 November, of which 5 since the question on 17 November.
    expect(daysToPay(submitted, TODAY)).toBe(12);
    expect(daysWaitingForProvider(submitted, [{ askedAt: at("2026-11-17"), answeredAt: null }], TODAY)).toBe(5);
  });

  it("counts each question to the day it was answered, and adds up the rounds", () => {
    const queries = [
      { askedAt: at("2026-11-11"), answeredAt: at("2026-11-14", "16:30:00") },
      { askedAt: at("2026-11-18", "09:00:00"), answeredAt: null },
    ];
    // 11 to 14 November is 3 days; 18 to 22 November 4 more.
    expect(daysWaitingForProvider(submitted, queries, TODAY)).toBe(7);
    expect(daysWaitingForProvider(submitted, queries.slice(0, 1), TODAY)).toBe(3);
  });

  it("counts a day once when two questions were waiting on it", () => {
    const queries = [
      { askedAt: at("2026-11-12"), answeredAt: at("2026-11-16") },
      { askedAt: at("2026-11-14"), answeredAt: at("2026-11-19") },
      { askedAt: at("2026-11-15"), answeredAt: at("2026-11-17") },
    ];
    // 12 to 19 November: 7 days, not 4 + 5 + 2.
    expect(daysWaitingForProvider(submitted, queries, TODAY)).toBe(7);
  });

  it("counts nothing for a question answered the day it was asked, and stops at payment", () => {
    expect(daysWaitingForProvider(submitted, [{ askedAt: at("2026-11-12", "09:00:00"), answeredAt: at("2026-11-12", "15:00:00") }], TODAY)).toBe(0);
    const paid = { submittedOn: "2026-11-10", paidOn: "2026-11-20" };
    // Never answered (the council paid what it could): 17 to 20 November, the day it was paid.
    expect(daysWaitingForProvider(paid, [{ askedAt: at("2026-11-17"), answeredAt: null }], TODAY)).toBe(3);
    expect(daysToPay(paid, TODAY)).toBe(10);
  });

  it("never counts more than the days outstanding, and nothing for an invoice never submitted", () => {
    // A question recorded before the first submission counts only from the submission.
    expect(daysWaitingForProvider(submitted, [{ askedAt: at("2026-11-05"), answeredAt: null }], TODAY)).toBe(daysToPay(submitted, TODAY));
    expect(daysWaitingForProvider(submitted, [], TODAY)).toBe(0);
    expect(daysWaitingForProvider({ submittedOn: null, paidOn: null }, [{ askedAt: at("2026-11-17"), answeredAt: null }], TODAY)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { addMonths, formatDate, formatDateTime } from "./dates";

describe("formatDateTime", () => {
  it("writes the hour after midnight as 12, as a browser does, so a page hydrates with the text the server drew", () => {
    expect(formatDateTime(new Date("2026-12-03T00:05:00Z"))).toBe("3 December 2026 at 12:05am");
  });

  it("uses UK time: British Summer Time in summer, GMT in winter", () => {
    expect(formatDateTime(new Date("2026-07-01T13:05:00Z"))).toBe("1 July 2026 at 2:05pm");
    expect(formatDateTime(new Date("2026-01-15T13:05:00Z"))).toBe("15 January 2026 at 1:05pm");
  });

  it("writes noon as 12pm", () => {
    expect(formatDateTime(new Date("2026-01-15T12:00:00Z"))).toBe("15 January 2026 at 12:00pm");
  });
});

describe("calendar dates", () => {
  it("formats a date in words, whatever the time zone", () => {
    expect(formatDate("2026-03-04")).toBe("4 March 2026");
  });

  it("keeps to the last day of a shorter month", () => {
    expect(addMonths("2026-08-31", 6)).toBe("2027-02-28");
  });
});

import { describe, expect, it } from "vitest";
import { csvField, csvMoney, toCsv } from "./csv";

describe("CSV", () => {
  it("quotes every text field and doubles its quotes", () => {
    expect(toCsv(["Name", "Count"], [['Riverbank "Community" Care, Ltd', 3]])).toBe('"Name","Count"\r\n"Riverbank ""Community"" Care, Ltd",3\r\n');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
  });

  it("neutralises text a spreadsheet would run as a formula, but not numbers", () => {
    expect(["=SUM(A1:A9)", "+1", "-2", "@cmd", "\tx", "\rx"].map(csvField)).toEqual(["\"'=SUM(A1:A9)\"", "\"'+1\"", "\"'-2\"", "\"'@cmd\"", "\"'\tx\"", "\"'\rx\""]);
    expect(csvField(-250)).toBe("-250");
    expect(csvField("A-1")).toBe('"A-1"');
  });

  it("writes money as pounds with exactly two decimals, unquoted, negatives included", () => {
    expect([0, 5, 1250, 123456, -305, -100000].map((pence) => csvField(csvMoney(pence)))).toEqual(["0.00", "0.05", "12.50", "1234.56", "-3.05", "-1000.00"]);
  });
});

import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyPassword } from "./password.server";

describe("passwords", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const hash = await hashPassword("purple-kettle-harbour");
    expect(hash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(hash, "purple-kettle-harbour")).toBe(true);
    expect(await verifyPassword(hash, "purple-kettle-harbouR")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });

  it("refuses short, well-known and email-based passwords with a plain reason", () => {
    expect(passwordProblem("short")).toBe("Password must be 12 characters or more");
    expect(passwordProblem("password1234")).toMatch(/too easy to guess/);
    expect(passwordProblem("aaaaaaaaaaaaaaa")).toMatch(/too easy to guess/);
    expect(passwordProblem("morag.sinclair-2026", { email: "morag.sinclair@people.example" })).toBe("Password must not contain your email address");
    expect(passwordProblem("x".repeat(257))).toBe("Password must be 256 characters or fewer");
    expect(passwordProblem("purple-kettle-harbour")).toBeNull();
  });
});

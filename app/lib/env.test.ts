import { describe, expect, it } from "vitest";
import { ConfigurationError, DEFAULT_DEMO_PASSWORD, readEnv } from "./env.server";

describe("configuration", () => {
  it("has sensible defaults", () => {
    const env = readEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATABASE_PATH: "data/app.db", APP_ORIGIN: "http://localhost:3000", DEMO_PASSWORD: DEFAULT_DEMO_PASSWORD });
    expect(env.DEMO_DATA).toBeUndefined();
  });

  it("derives the origin from the port and trims APP_ORIGIN to an origin", () => {
    expect(readEnv({ PORT: "8080" }).APP_ORIGIN).toBe("http://localhost:8080");
    expect(readEnv({ APP_ORIGIN: "https://sds.clydevale.example/some/path" }).APP_ORIGIN).toBe("https://sds.clydevale.example");
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["APP_ORIGIN", "not a url"],
    ["DEMO_DATA", "yes"],
    ["DEMO_PASSWORD", "short"],
    ["SMTP_URL", "http://mail.example"],
    ["STRIPE_SECRET_KEY", "pk_test_123"],
    ["STRIPE_WEBHOOK_SECRET", "secret"],
  ])("stops with a message naming %s when it is %j", (name, value) => {
    expect(() => readEnv({ [name]: value })).toThrow(ConfigurationError);
    expect(() => readEnv({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });
});

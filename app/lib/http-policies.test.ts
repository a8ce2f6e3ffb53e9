import { describe, expect, it } from "vitest";
import { readEnv } from "./env.server";
import { isAllowedOrigin } from "./http-policies.server";

const production = readEnv({ NODE_ENV: "production", APP_ORIGIN: "https://sds.clydevale.example" });
const development = readEnv({ NODE_ENV: "development", PORT: "3000" });
const post = (origin: string | undefined, path = "/login") => ({ method: "POST", path, origin, ownOrigin: "http://10.0.0.5:3000" });

describe("the request-origin check", () => {
  it("lets reading requests through from anywhere", () => {
    expect(isAllowedOrigin({ ...post("https://evil.example"), method: "GET" }, production)).toBe(true);
  });

  it("accepts a form posted from APP_ORIGIN and refuses one from elsewhere or with no Origin", () => {
    expect(isAllowedOrigin(post("https://sds.clydevale.example"), production)).toBe(true);
    expect(isAllowedOrigin(post("https://evil.example"), production)).toBe(false);
    expect(isAllowedOrigin(post("null"), production)).toBe(false);
    expect(isAllowedOrigin(post(undefined), production)).toBe(false);
    expect(isAllowedOrigin({ ...post("https://evil.example"), method: "DELETE" }, production)).toBe(false);
  });

  it("accepts the request's own host only in development", () => {
    expect(isAllowedOrigin(post("http://10.0.0.5:3000"), development)).toBe(true);
    expect(isAllowedOrigin(post("http://10.0.0.5:3000"), production)).toBe(false);
    expect(isAllowedOrigin(post("http://localhost:3000"), development)).toBe(true);
  });

  it("leaves signed machine endpoints to check their own signatures", () => {
    expect(isAllowedOrigin(post(undefined, "/webhooks/stripe"), production)).toBe(true);
  });
});

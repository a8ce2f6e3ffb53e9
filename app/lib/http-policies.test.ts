import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { readEnv } from "./env.server";
import { answerUnreadableRequests, foreignOriginPage, isAllowedOrigin, MAX_HEADER_BYTES } from "./http-policies.server";

const production = readEnv({ NODE_ENV: "production", APP_ORIGIN: "https://sds.clydevale.example" });
const development = readEnv({ NODE_ENV: "development", PORT: "3000" });
const post = (origin: string | undefined, path = "/login") => ({ method: "POST", path, origin, ownOrigin: "http://10.0.0.5:3000" });

describe("the request-origin check", () => {
  it("answers a refused form with a page saying where the service is, its address escaped", () => {
    const page = foreignOriginPage('https://sds.example/"><script>');
    expect(page).toContain("<h1 class=\"ds_page-header__title\">Sorry, we could not do that</h1>");
    expect(page).toContain("https://sds.example/&#34;&#62;&#60;script&#62;/");
    expect(page).not.toContain("<script>");
  });

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

describe("requests too long to read", () => {
  it("reads a 20 KB search in the address, and answers a longer one in JSON any site may read", async () => {
    const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (request, response) => response.end(`read ${request.url?.length}`));
    answerUnreadableRequests(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const long = await fetch(`${base}/openreferral/services?text=${"care ".repeat(4_000)}`);
      expect(long.status).toBe(200);
      expect(await long.text()).toMatch(/^read \d{5}$/);
      const tooLong = await fetch(`${base}/openreferral/services?text=${"care ".repeat(20_000)}`);
      expect(tooLong.status).toBe(431);
      expect(tooLong.headers.get("access-control-allow-origin")).toBe("*");
      expect(await tooLong.json()).toEqual({ error: "The address and headers are longer than 64 KB. Search with fewer words." });
    } finally {
      server.close();
    }
  });
});


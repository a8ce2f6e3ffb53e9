import { env } from "./env.server";

/** Open data: readable by any site (CORS `*`), cached briefly, never personal. */
export function openDataJson(body: unknown, init: { status?: number } = {}): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60" },
  });
}

export function openDataNotFound(): Response {
  return openDataJson({ error: "Not found" }, { status: 404 });
}

/** The public address the service's own links in open data start with. */
export function publicOrigin(): string {
  return env().APP_ORIGIN;
}

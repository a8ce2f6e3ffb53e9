import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { Duplex } from "node:stream";
import type { Express, NextFunction, Request, Response } from "express";
import dsStyles from "@scottish-government/design-system/dist/css/design-system.min.css";
import helmet from "helmet";
import { env } from "./env.server";

/** Paths that third parties post to without a browser Origin; each verifies a signature instead. */
const MACHINE_ENDPOINTS = ["/webhooks/"];

/** Open data that any site may read: served with `Cross-Origin-Resource-Policy: cross-origin`. */
export const PUBLIC_DATA_PATHS = ["/open-data/", "/openreferral/"];

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type OriginFacts = { method: string; path: string; origin: string | undefined; ownOrigin: string };

/**
 * Non-GET requests must come from the service's own pages: their Origin must be APP_ORIGIN (or, in
 * development only, the origin the request was addressed to). A missing Origin is refused too.
 */
export function isAllowedOrigin(facts: OriginFacts, config = env()): boolean {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return true;
  if (MACHINE_ENDPOINTS.some((prefix) => facts.path.startsWith(prefix))) return true;
  if (!facts.origin) return false;
  if (facts.origin === config.APP_ORIGIN) return true;
  return config.NODE_ENV === "development" && facts.origin === facts.ownOrigin;
}

export type LoadContext = { cspNonce: string; ipAddress: string };

declare module "@remix-run/node" {
  interface AppLoadContext extends Partial<LoadContext> {}
}

/** Security headers, a CSP nonce per response, and the origin check: applied to every request. */
export function applyHttpPolicies(app: Express): void {
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'self'"],
          "object-src": ["'none'"],
        },
      },
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: env().NODE_ENV === "production",
      crossOriginEmbedderPolicy: false,
      xFrameOptions: { action: "deny" },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (PUBLIC_DATA_PATHS.some((prefix) => req.path.startsWith(prefix))) res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const facts = { method: req.method, path: req.path, origin: req.get("origin"), ownOrigin: `${req.protocol}://${req.get("host")}` };
    if (isAllowedOrigin(facts)) return next();
    res.status(403).type("html").send(foreignOriginPage(env().APP_ORIGIN));
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page for a form sent from somewhere other than this service's own pages. It is answered before the app
 * runs, so it is plain HTML in the service's look, saying what to do.
 */
export function foreignOriginPage(appOrigin: string): string {
  const home = escapeHtml(`${appOrigin}/`);
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sorry, we could not do that – Choice and Control</title>
<link rel="stylesheet" href="${escapeHtml(dsStyles)}">
</head>
<body>
<div class="ds_page">
<main class="ds_layout ds_wrapper" id="main-content">
<div class="ds_layout__content">
<h1 class="ds_page-header__title">Sorry, we could not do that</h1>
<p>What you sent did not come from a page of this service, so nothing was changed.</p>
<p>Open the service at <a href="${home}">${home}</a>, go back to the page you were on and try again.</p>
</div>
</main>
</div>
</body>
</html>`;
}

export function loadContext(req: Request, res: Response): LoadContext {
  return { cspNonce: String(res.locals.cspNonce ?? ""), ipAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" };
}

/**
 * The most bytes of a request's first line and headers the server reads: room for a long search in an address, such
 * as the Open Referral feed's `text` (Node's default is 16 KB). The search itself uses only its first 2,000 characters.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

const STATUS_LINES: Record<number, string> = { 400: "400 Bad Request", 408: "408 Request Timeout", 431: "431 Request Header Fields Too Large" };

/** What the server answers to a request it cannot read: a status and a short JSON message. */
export function unreadableRequestAnswer(code: string | undefined): { status: number; message: string } {
  if (code === "HPE_HEADER_OVERFLOW") return { status: 431, message: `The address and headers are longer than ${MAX_HEADER_BYTES / 1024} KB. Search with fewer words.` };
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return { status: 408, message: "The request took too long to arrive." };
  return { status: 400, message: "The request could not be read." };
}

/**
 * Answers a request the server cannot read (too long, malformed) with JSON that any site may read, as the open
 * data's own answers are, instead of Node's bare status line: a directory querying the feed learns what went wrong.
 */
export function answerUnreadableRequests(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, message } = unreadableRequestAnswer(error.code);
    const body = JSON.stringify({ error: message });
    socket.end(
      [
        `HTTP/1.1 ${STATUS_LINES[status]}`,
        "Content-Type: application/json; charset=utf-8",
        `Content-Length: ${Buffer.byteLength(body)}`,
        "Access-Control-Allow-Origin: *",
        "X-Content-Type-Options: nosniff",
        "Connection: close",
        "",
        body,
      ].join("\r\n"),
    );
  });
}


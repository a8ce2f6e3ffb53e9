import type { ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";

type RouteModule = { default: ComponentType; loader?: unknown; action?: unknown };

/**
 * A route's page as the server draws it for this request (a GET, or a form post answered by the route's own
 * action), with its real loader and action: the status, and the HTML or where it redirects.
 */
export async function renderRoute(module: RouteModule, pattern: string, request: Request): Promise<{ status: number; html: string; location: string | null }> {
  const routes = [{ id: "page", path: pattern, loader: module.loader as never, action: module.action as never, Component: module.default }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(request);
  if (context instanceof Response) return { status: context.status, html: "", location: context.headers.get("Location") };
  const html = renderToString(<StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} />);
  return { status: context.statusCode, html, location: null };
}

import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import dsStyles from "@scottish-government/design-system/dist/css/design-system.min.css";
import { useContext, useEffect, type ReactNode } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router";
import { navigationFor } from "~/auth/navigation";
import { getSession, takeFlash } from "~/auth/session.server";
import { MainContent, SiteFooter, SiteHeader, SkipLinks } from "~/components/layout";
import { useNonce } from "~/components/nonce";
import { ErrorPage, errorTitle } from "~/components/error-page";
import { organisationNameOf } from "~/auth/profile.server";
import { unreadCount } from "~/domain/notifications/notifications.server";
import { database } from "~/lib/db.server";
import { hasProblems } from "~/lib/forms";
import { titleFromMatches } from "~/lib/page";
import { documentTitle } from "~/lib/service";
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dsStyles },
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSession(request);
  const actor = session?.actor ?? null;
  return {
    navigation: navigationFor(actor),
    user: actor ? { name: actor.name, organisation: organisationNameOf(database(), actor), unread: unreadCount(database(), actor.id) } : null,
    flash: session ? takeFlash(database(), session) : null,
  };
}

let designSystemStarted = false;

/**
 * The design system's scripts only improve pages that already work; they start once, in the browser, after the
 * page has been hydrated. `js-enabled` on the document then tells the design system's styles (and the browser
 * tests) that the page is live.
 */
function useDesignSystemScripts() {
  useEffect(() => {
    if (designSystemStarted) return;
    designSystemStarted = true;
    void import("@scottish-government/design-system/dist/scripts/design-system.js").then((module) => {
      (module.default ?? (window as unknown as { DS?: { initAll: () => void } }).DS)?.initAll();
      document.documentElement.classList.add("js-enabled");
    });
  }, []);
}

function useHasFormErrors(): boolean {
  const state = useContext(UNSAFE_DataRouterStateContext);
  return Object.values(state?.actionData ?? {}).some(hasProblems);
}

function Document({ title, children }: { title: string; children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <Meta />
        <Links />
      </head>
      <body>
        <div className="ds_page">{children}</div>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Chrome({ children, flash }: { children: ReactNode; flash?: string | null }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <>
      <div className="ds_page__top">
        <SkipLinks />
        <SiteHeader navigation={data?.navigation ?? navigationFor(null)} user={data?.user ?? null} />
      </div>
      <MainContent flash={flash}>{children}</MainContent>
      <div className="ds_page__bottom">
        <SiteFooter />
      </div>
    </>
  );
}

export default function App() {
  const { flash } = useLoaderData<typeof loader>();
  const matches = useMatches();
  const hasErrors = useHasFormErrors();
  useDesignSystemScripts();
  return (
    <Document title={documentTitle(titleFromMatches(matches), hasErrors)}>
      <Chrome flash={flash}>
        <Outlet />
      </Chrome>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  const page = <ErrorPage status={status} message={isRouteErrorResponse(error) ? String(error.data ?? "") : ""} />;
  return (
    <Document title={documentTitle(errorTitle(status))}>
      <Chrome>{page}</Chrome>
    </Document>
  );
}

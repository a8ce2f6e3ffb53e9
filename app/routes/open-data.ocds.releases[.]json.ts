import type { LoaderFunctionArgs } from "@remix-run/node";
import { ocdsReleasePackage } from "~/domain/reporting/ocds.server";
import { database } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { withDomainErrors } from "~/lib/http.server";

/**
 * Public, no sign-in: the frameworks as an OCDS 1.1 release package, for every council or for one
 * (`?council=clydevale`). Any site may read it (`Access-Control-Allow-Origin: *`).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return withDomainErrors(async () => {
    const council = new URL(request.url).searchParams.get("council") || undefined;
    const releasePackage = ocdsReleasePackage(database(), env().APP_ORIGIN, council);
    return Response.json(releasePackage, {
      headers: {
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": "public, max-age=300",
        "Content-Disposition": `inline; filename="${council ? `${council}-` : ""}ocds-releases.json"`,
      },
    });
  });
}

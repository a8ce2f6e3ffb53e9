import type { LoaderFunctionArgs } from "@remix-run/node";
import { taxonomies } from "~/domain/offers/openreferral.server";
import { database } from "~/lib/db.server";
import { openDataJson } from "~/lib/open-data.server";

/** Open Referral UK: each council's taxonomies (personal outcomes, care groups, types of support). */
export async function loader({ request }: LoaderFunctionArgs) {
  return openDataJson(taxonomies(database(), new URL(request.url).searchParams));
}

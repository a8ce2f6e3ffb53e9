import type { LoaderFunctionArgs } from "@remix-run/node";
import { taxonomyTerms } from "~/domain/offers/openreferral.server";
import { database } from "~/lib/db.server";
import { openDataJson } from "~/lib/open-data.server";

/** Open Referral UK: the terms of every taxonomy, which services' `taxonomy_term_id` filter uses. */
export async function loader({ request }: LoaderFunctionArgs) {
  return openDataJson(taxonomyTerms(database(), new URL(request.url).searchParams));
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { listServices } from "~/domain/offers/openreferral.server";
import { database } from "~/lib/db.server";
import { openDataJson, publicOrigin } from "~/lib/open-data.server";

/** Open Referral UK: published offers as a paginated list of services. */
export async function loader({ request }: LoaderFunctionArgs) {
  return openDataJson(listServices(database(), new URL(request.url).searchParams, publicOrigin()));
}

import { apiDetails } from "~/domain/offers/openreferral.server";
import { openDataJson, publicOrigin } from "~/lib/open-data.server";

/** Open Referral UK: details of this API. */
export async function loader() {
  return openDataJson(apiDetails(publicOrigin()));
}

import { openApiDocument } from "~/domain/offers/openreferral.server";
import { openDataJson, publicOrigin } from "~/lib/open-data.server";

/** Open Referral UK: the OpenAPI description of this API, which `openapi_url` points to. */
export async function loader() {
  return openDataJson(openApiDocument(publicOrigin()));
}

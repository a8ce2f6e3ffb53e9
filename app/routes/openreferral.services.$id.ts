import type { LoaderFunctionArgs } from "@remix-run/node";
import { getService } from "~/domain/offers/openreferral.server";
import { database } from "~/lib/db.server";
import { NotFound } from "~/lib/errors";
import { openDataJson, openDataNotFound, publicOrigin } from "~/lib/open-data.server";

/** Open Referral UK: one published offer as a full service. */
export async function loader({ params }: LoaderFunctionArgs) {
  try {
    return openDataJson(getService(database(), params.id ?? "", publicOrigin()));
  } catch (error) {
    if (error instanceof NotFound) return openDataNotFound();
    throw error;
  }
}

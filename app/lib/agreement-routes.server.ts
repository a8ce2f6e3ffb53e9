import { redirect } from "@remix-run/node";
import { Conflict } from "./errors";

/**
 * The draft and check pages exist only while the agreement has a draft: once it is issued (or before a change is
 * started) they send the visitor to the agreement's page, which says where it stands.
 */
export function onlyWhileDraft<T>(agreementId: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof Conflict) throw redirect(`/agreements/${agreementId}`);
    throw error;
  }
}

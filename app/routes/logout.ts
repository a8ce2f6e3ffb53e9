import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { recordAudit } from "~/domain/audit/audit.server";
import { clearSessionCookie, getSession, invalidateSession } from "~/auth/session.server";
import { database } from "~/lib/db.server";
import { withFormErrors } from "~/lib/http.server";

export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  return withFormErrors(request, async () => {
    const session = await getSession(request);
    if (session) {
      database().transaction((tx) => {
        invalidateSession(tx, session.sessionId);
        recordAudit(tx, { actor: session.actor, action: "auth.signed_out", subjectType: "user", subjectId: session.actor.id, ipAddress: context.ipAddress });
      });
    }
    return redirect("/signed-out", { headers: { "Set-Cookie": await clearSessionCookie() } });
  });
}

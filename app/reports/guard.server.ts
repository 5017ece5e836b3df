import { data } from "@remix-run/node";
import { can } from "~/auth/permissions";
import { requireUser, type SessionUser } from "~/auth/session.server";

/**
 * The report shows the score and the findings register, so it needs both permissions. Vendors
 * have no staff session and are sent to the login page like anyone signed out.
 */
export async function requireReportReader(
  request: Request,
  perRequest?: object,
): Promise<SessionUser> {
  const user = await requireUser(request, { permission: "assessments:read" }, perRequest);
  if (!can(user, "findings:read")) {
    throw data("Your role does not give you access to this page.", { status: 403 });
  }
  return user;
}

import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { endVendorSession, endVendorSessionCookie } from "~/assessments/respond.server";
import { recordAudit } from "~/audit/audit.server";
import {
  deleteSession,
  destroySessionCookie,
  getSessionToken,
  getUserBySessionToken,
} from "~/auth/session.server";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";
import { toastHeader } from "~/http/toast.server";

// Signing out is a POST (a link or prefetch must not end a session); a GET just goes home.
export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  // A vendor contact's "Sign out" ends their vendor session; their link brings them back.
  if (await endVendorSession(request)) {
    const headers = new Headers();
    headers.append("Set-Cookie", await endVendorSessionCookie());
    throw redirect("/v/signed-out", { headers });
  }
  const token = await getSessionToken(request);
  if (token) {
    const db = await getDb();
    const user = await getUserBySessionToken(db, token);
    await db.transaction(async (tx) => {
      await deleteSession(tx, token);
      if (user) {
        await recordAudit(tx, {
          actor: { id: user.id, email: user.email },
          action: "auth.logout",
          target: { type: "user", id: user.id },
        });
      }
    });
  }
  const headers = new Headers();
  headers.append("Set-Cookie", await destroySessionCookie());
  headers.append(
    "Set-Cookie",
    await toastHeader({ kind: "info", message: "You have signed out." }),
  );
  throw redirect("/login", { headers });
}

import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { endVendorSession, endVendorSessionCookie } from "~/assessments/respond.server";
import { recordAudit } from "~/audit/audit.server";
import {
  deleteSession,
  destroySessionCookie,
  getSessionToken,
  getUserBySessionToken,
} from "~/auth/session.server";
import { getEndSessionUrl, getSessionIdToken } from "~/auth/oidc.server";
import { getOidcConfig } from "~/auth/oidc-settings.server";
import { type Db, getDb } from "~/db.server";
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
  let endSessionUrl: string | null = null;
  if (token) {
    const db = await getDb();
    endSessionUrl = await providerSignOutUrl(db, await getSessionIdToken(db, token));
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
  // A single sign-on session also ends at the provider, which sends the browser back to the
  // sign-in page (OpenID Connect RP-Initiated Logout 1.0).
  throw redirect(endSessionUrl ?? "/login", { headers });
}

async function providerSignOutUrl(db: Db, idToken: string | null): Promise<string | null> {
  if (!idToken) return null;
  const oidc = await getOidcConfig(db);
  if (!oidc) return null;
  try {
    return await getEndSessionUrl(oidc, { appUrl: getEnv().APP_URL, idToken });
  } catch (error) {
    console.warn("Single sign-on: could not reach the provider to sign out there:", error);
    return null;
  }
}

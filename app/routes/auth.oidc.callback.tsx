// Where the identity provider sends the browser back (docs/decisions/212-oidc-flow.md).
import { data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { completeOidcLogin, type OidcRefusal } from "~/auth/oidc.server";
import { getOidcConfig } from "~/auth/oidc-settings.server";
import { oidcStateCookie } from "~/auth/oidc-cookie.server";
import { commitSessionCookie, deleteSession, getSessionToken } from "~/auth/session.server";
import { afterSignIn } from "~/settings/settings.server";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { getClientIp } from "~/http/request.server";

export const meta: MetaFunction = () => [
  { title: "Single sign-on — Assay" },
  {
    name: "description",
    content: "Signing in to Assay through your organisation's single sign-on.",
  },
];

const MESSAGES: Record<OidcRefusal, string> = {
  state:
    "This sign-in link has expired or was already used, or it was started in another browser. Start again from the sign-in page.",
  provider_error: "The identity provider did not sign you in.",
  token:
    "The identity provider's answer could not be verified, so you have not been signed in. Try again; if it keeps happening, tell your Assay admin.",
  email_unverified:
    "Your identity provider has not verified your email address, so Assay cannot match it to an account. Ask your IT team to verify it.",
  no_email:
    "Your identity provider did not send an email address, so Assay cannot match you to an account. Ask your IT team.",
  no_account:
    "There is no Assay account for your email address. Ask an admin of your organisation to invite you.",
  deactivated: "Your Assay account has been deactivated. Ask an admin of your organisation.",
  linked_elsewhere:
    "The Assay account for your email address is linked to another identity. Ask an admin of your organisation.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const env = getEnv();
  const db = await getDb();
  const oidc = await getOidcConfig(db);
  if (!oidc) throw data("Single sign-on is not set up on this Assay.", { status: 404 });
  const cookie = oidcStateCookie();
  const cookieState = await cookie.parse(request.headers.get("cookie"));
  const result = await completeOidcLogin(db, oidc, {
    appUrl: env.APP_URL,
    search: new URL(request.url).search,
    cookieState: typeof cookieState === "string" ? cookieState : null,
    userAgent: request.headers.get("user-agent"),
    ip: getClientIp(context),
  });
  const headers = new Headers();
  headers.append("Set-Cookie", await cookie.serialize("", { maxAge: 0 }));
  if (!result.ok) {
    return data(
      { message: MESSAGES[result.reason] },
      { status: result.reason === "state" || result.reason === "token" ? 400 : 403, headers },
    );
  }
  // Whatever session this browser had before is ended: the new one gets a new id.
  const previous = await getSessionToken(request);
  if (previous) await deleteSession(db, previous);
  headers.append("Set-Cookie", await commitSessionCookie(result.token));
  throw redirect(await afterSignIn(db, result.user, result.redirectTo), { headers });
}

export default function OidcCallbackPage() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="panel narrow">
      <h1>You have not been signed in</h1>
      <p role="alert">{message}</p>
      <p>
        <a href="/login">Back to sign in</a>
      </p>
    </div>
  );
}

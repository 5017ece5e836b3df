// Starts staff single sign-on: a POST from the sign-in page's button (docs/decisions/212-oidc-flow.md).
import { type ActionFunctionArgs, data, redirect } from "@remix-run/node";
import { beginOidcLogin } from "~/auth/oidc.server";
import { getOidcConfig } from "~/auth/oidc-settings.server";
import { oidcStateCookie } from "~/auth/oidc-cookie.server";
import { LoginQuerySchema } from "~/auth/schemas";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { formDataToObject } from "~/forms/parse";
import { requireSameOrigin } from "~/http/origin.server";

export async function loader() {
  throw redirect("/login");
}

export async function action({ request }: ActionFunctionArgs) {
  const env = getEnv();
  requireSameOrigin(request, env.APP_URL);
  const db = await getDb();
  const oidc = await getOidcConfig(db);
  if (!oidc) throw data("Single sign-on is not set up on this Assay.", { status: 404 });
  const parsed = LoginQuerySchema.safeParse(formDataToObject(await request.formData()));
  const redirectTo = parsed.success ? parsed.data.redirectTo : "/";
  let started: { url: string; state: string };
  try {
    started = await beginOidcLogin(db, oidc, { appUrl: env.APP_URL, redirectTo });
  } catch (error) {
    console.error("Single sign-on: the identity provider could not be reached:", error);
    throw data(
      "The identity provider cannot be reached just now, so single sign-on is not available. Try again in a few minutes.",
      { status: 503 },
    );
  }
  throw redirect(started.url, {
    headers: { "Set-Cookie": await oidcStateCookie().serialize(started.state) },
  });
}

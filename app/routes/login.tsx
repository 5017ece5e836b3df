import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { login } from "~/auth/login.server";
import { getOidcConfig } from "~/auth/oidc-settings.server";
import { LoginQuerySchema, LoginSchema } from "~/auth/schemas";
import {
  commitSessionCookie,
  deleteSession,
  getSessionToken,
  getUser,
} from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { afterSignIn } from "~/settings/settings.server";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { parseForm, requireQuery } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import { requireSameOrigin } from "~/http/origin.server";
import { getClientIp } from "~/http/request.server";

export const meta: MetaFunction = () => [
  { title: "Sign in — Assay" },
  {
    name: "description",
    content: "Sign in to Assay, the platform for assessing the security of AI suppliers.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { redirectTo } = requireQuery(LoginQuerySchema, request);
  if (await getUser(request, context)) throw redirect(redirectTo);
  const oidc = await getOidcConfig(await getDb());
  return { redirectTo, sso: oidc ? { displayName: oidc.displayName } : null };
}

// One message for an unknown address and a wrong password: the page never tells which
// addresses have accounts.
const INVALID = "The email address or password is not right";
const PASSWORD_OFF =
  "Password sign-in is turned off for your organisation. Sign in with single sign-on instead.";

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const parsed = parseForm(LoginSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors }, { status: 400 });
  const db = await getDb();
  const result = await login(db, {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: getClientIp(context),
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60_000));
      return data(
        {
          errors: {
            form: `Too many sign-in attempts for this account from your network. Wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again. Signing in from another network is not affected.`,
          },
        },
        { status: 429, headers: { "Retry-After": String(Math.ceil(result.retryAfterMs / 1000)) } },
      );
    }
    if (result.reason === "password_sign_in_off") {
      return data({ errors: { form: PASSWORD_OFF } }, { status: 403 });
    }
    return data({ errors: { form: INVALID } }, { status: 400 });
  }
  // Whatever session this browser had before is ended: the new one gets a new id.
  const previous = await getSessionToken(request);
  if (previous) await deleteSession(db, previous);
  throw redirect(await afterSignIn(db, result.user, parsed.data.redirectTo), {
    headers: { "Set-Cookie": await commitSessionCookie(result.token) },
  });
}

export default function LoginPage() {
  const { redirectTo, sso } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(LoginSchema, actionData?.errors);
  return (
    <div className="panel narrow">
      <h1>Sign in to Assay</h1>
      <ErrorSummary errors={errors} />
      {sso ? (
        <>
          <Form method="post" action="/auth/oidc/start" reloadDocument>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <button type="submit">Continue with {sso.displayName}</button>
          </Form>
          <h2 className="separator">Or sign in with a password</h2>
        </>
      ) : null}
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Email address"
          type="email"
          autoComplete="username"
          spellCheck={false}
          error={errors.email}
          {...form.register("email")}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password}
          {...form.register("password")}
        />
        <button type="submit" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgotten your password?</Link>
      </p>
    </div>
  );
}

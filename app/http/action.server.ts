// The shape every form action shares (docs/decisions/291-actions.md): who is asking (and, for
// staff, may they), whether the record is theirs, the form parsed with its zod schema, then one
// call into an area module. And one failure convention: an action that says no answers
// `{ errors }` — messages by form field, "form" for the whole form — with a 4xx status, which
// the page shows in its error summary and beside the fields.
import { type ActionFunctionArgs, data } from "@remix-run/node";
import { type z } from "zod";
import { type Permission, type Role } from "~/auth/permissions";
import { requireUser, type SessionUser } from "~/auth/session.server";
import { type Db, getDb } from "~/db.server";
import { requireVendorSession, type VendorContext } from "~/assessments/respond.server";
import { getEnv } from "~/env.server";
import { type Failure } from "~/forms/failure";
import { type FieldErrors, parseForm } from "~/forms/parse";
import { requireSameOrigin } from "./origin.server";

/** What an action answers when it says no. */
export type ActionErrors = { errors: FieldErrors };

/** An area module's refusal: a `Failure` (`fail()`), or a result of the same shape. */
export type Refusal = Pick<Failure, "ok" | "message" | "field"> & { status: number };

/** A refusal from an area module as the action's answer: the message under its field. */
export function refuse(failure: Refusal) {
  return data<ActionErrors>(
    { errors: { [failure.field ?? "form"]: failure.message } },
    { status: failure.status },
  );
}

/** A form that did not parse: every field's message, 400. */
export function invalid(errors: FieldErrors) {
  return data<ActionErrors>({ errors }, { status: 400 });
}

function isRefusal(value: unknown): value is Refusal {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { status?: unknown }).status === "number" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

type Step<Ctx, S extends z.ZodTypeAny, T> = (
  ctx: Ctx & { input: z.output<S>; formData: FormData },
) => Promise<T | Refusal>;

/**
 * A refusal that also names which of the page's forms was refused: the `echo` fields as they
 * were posted (e.g. `intent`, `questionId`), beside `errors`, so a page with many forms shows
 * the messages at the right one.
 */
export type EchoedErrors<K extends string> = ActionErrors & Record<K, string>;

/** What the action answers: what `run` returned, or the failure convention's `{ errors }`. */
type Answer<T, K extends string = never> = Promise<
  Exclude<T, { ok: false }> | ReturnType<typeof data<EchoedErrors<K>>>
>;

async function parseThenRun<Ctx, S extends z.ZodTypeAny, T, K extends string>(
  request: Request,
  schema: S,
  echo: readonly K[],
  ctx: Ctx,
  run: Step<Ctx, S, T>,
): Answer<T, K> {
  const formData = await request.formData();
  const echoed = Object.fromEntries(
    echo.map((name) => [name, String(formData.get(name) ?? "")]),
  ) as Record<K, string>;
  const parsed = parseForm(schema, formData);
  if (!parsed.success)
    return data<EchoedErrors<K>>({ ...echoed, errors: parsed.errors }, { status: 400 });
  const result = await run({ ...ctx, input: parsed.data, formData });
  if (isRefusal(result))
    return data<EchoedErrors<K>>(
      { ...echoed, errors: { [result.field ?? "form"]: result.message } },
      { status: result.status },
    );
  return result as Exclude<T, { ok: false }>;
}

/**
 * A staff action: the same-origin check and the session (401 without one, 403 without the role
 * or permission, from `requireUser`), then `record` (which throws a 404 or 409 response when
 * the record in the URL is not there for this user), then the form parsed with `schema` (400
 * with every field's message), then `run`. A `Failure` that `run` returns becomes `refuse`'s
 * answer; a thrown response (a redirect with a toast) passes through.
 */
export async function staffAction<
  S extends z.ZodTypeAny,
  T,
  R = undefined,
  K extends string = never,
>(
  { request, params }: Pick<ActionFunctionArgs, "request" | "params">,
  options: {
    schema: S;
    /** Posted fields repeated beside `errors` in a refusal (see `EchoedErrors`). */
    echo?: readonly K[];
    permission?: Permission;
    role?: Role | readonly Role[];
    record?: (ctx: {
      user: SessionUser;
      db: Db;
      params: ActionFunctionArgs["params"];
    }) => Promise<R>;
  },
  run: Step<{ user: SessionUser; db: Db; record: R }, S, T>,
): Answer<T, K> {
  const user = await requireUser(request, { permission: options.permission, role: options.role });
  const db = await getDb();
  const record = (options.record ? await options.record({ user, db, params }) : undefined) as R;
  return parseThenRun(request, options.schema, options.echo ?? [], { user, db, record }, run);
}

/**
 * A vendor action: the same-origin check, then the vendor session (401 without one: the records
 * it reaches are its own assessment's), then the form parsed with `schema`, then `run`, with the
 * same failure convention as `staffAction`.
 */
export async function vendorAction<S extends z.ZodTypeAny, T>(
  { request }: Pick<ActionFunctionArgs, "request">,
  options: { schema: S },
  run: Step<{ vendor: VendorContext & { db: Db }; db: Db }, S, T>,
): Answer<T> {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  return parseThenRun(request, options.schema, [], { vendor, db: vendor.db }, run);
}

// API tokens for the read-only API (docs/api.md): admins list, create and revoke them. A new
// token is returned once, in the action's response, and is never stored or shown again.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { ApiTokenActionSchema, CreateApiTokenSchema } from "~/api/tokens";
import { createApiToken, listApiTokens, revokeApiToken } from "~/api/tokens.server";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ErrorSummary, TextField } from "~/components/form";
import { RecordsTable } from "~/components/records-table";
import { getDb } from "~/db.server";
import { requireQuery } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";

export const meta: MetaFunction = () => [
  { title: "API tokens — Assay" },
  { name: "description", content: "API tokens for reading Assay's results from other systems." },
];

// The browser checks the name; the intent is a plain hidden field.
const TokenNameSchema = CreateApiTokenSchema.pick({ name: true });

const QuerySchema = z.object({ revoke: z.string().uuid().optional().catch(undefined) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "api_tokens:manage" }, context);
  const query = requireQuery(QuerySchema, request);
  const tokens = await listApiTokens(await getDb());
  const confirming = tokens.find((t) => t.id === query.revoke && !t.revokedAt) ?? null;
  return { tokens, confirming };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "api_tokens:manage", schema: ApiTokenActionSchema },
    async ({ user: admin, db, input }) => {
      if (input.intent === "create") {
        const created = await createApiToken(db, admin, input.name);
        // Not a redirect: the token travels once, in this response, and no cookie or URL holds it.
        return data(
          { errors: {}, created: { name: input.name, token: created.token } },
          { headers: { "Cache-Control": "no-store" } },
        );
      }
      const result = await revokeApiToken(db, admin, input.tokenId);
      if (!result.ok) return result;
      throw await redirectWithToast("/admin/api-tokens", {
        message: result.alreadyRevoked
          ? `“${result.name}” was already revoked.`
          : `“${result.name}” was revoked. Requests with it are now refused.`,
      });
    },
  );
}

function tokenState(token: { revokedAt: string | Date | null; creatorStatus: string | null }) {
  if (token.revokedAt) return { label: "Revoked", className: "status-deactivated" };
  if (token.creatorStatus !== "active")
    return { label: "Not working: its creator is no longer active", className: "status-invited" };
  return { label: "Active", className: "status-active" };
}

export default function ApiTokensPage() {
  const { tokens, confirming } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(TokenNameSchema, actionData?.errors);
  const created = actionData && "created" in actionData ? actionData.created : null;
  return (
    <>
      <h1>API tokens</h1>
      <p>
        Tokens let other systems read Assay through the read-only API at <code>/api/v1</code>{" "}
        (described in <code>docs/api.md</code>): vendors, assessments with answers, scores with
        their explanation, and findings — what any staff member can read. They cannot change
        anything, and stop working when revoked or when the admin who created them is deactivated.
      </p>
      <ErrorSummary errors={errors} />
      {created ? <NewToken name={created.name} token={created.token} /> : null}
      {confirming ? (
        <section className="panel notice" aria-labelledby="confirm-title">
          <h2 id="confirm-title">Revoke “{confirming.name}”?</h2>
          <p>
            Systems using the token starting <code>{confirming.prefix}</code> will get “401
            Unauthorized” from their next request. This cannot be undone.
          </p>
          <div className="actions">
            <Form method="post">
              <input type="hidden" name="intent" value="revoke" />
              <input type="hidden" name="tokenId" value={confirming.id} />
              <button type="submit" className="button--danger">
                Yes, revoke “{confirming.name}”
              </button>
            </Form>
            <Link to="/admin/api-tokens">Keep it</Link>
          </div>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">Create a token</h2>
        <Form method="post" noValidate onSubmit={onSubmit} className="inline-form">
          <input type="hidden" name="intent" value="create" />
          <TextField
            label="Name"
            hint="What uses it, so you know what breaks if you revoke it: “GRC sync”, “BI export”."
            autoComplete="off"
            error={errors.name}
            {...form.register("name")}
          />
          <div className="field">
            <button type="submit" disabled={navigation.state === "submitting"}>
              Create token
            </button>
          </div>
        </Form>
      </section>
      <RecordsTable
        id="tokens-title"
        title="Tokens"
        label="API tokens"
        columns={["Name", "Starts with", "Created", "Last used", "State"]}
        count={tokens.length}
        empty="No tokens yet."
      >
        {tokens.map((token) => {
          const state = tokenState(token);
          return (
            <tr key={token.id}>
              <th scope="row">{token.name}</th>
              <td>
                <code>{token.prefix}…</code>
              </td>
              <td>
                <DateTime value={token.createdAt} />
                <span className="hint cell-note">by {token.createdByName ?? "a deleted user"}</span>
              </td>
              <td>{token.lastUsedAt ? <DateTime value={token.lastUsedAt} /> : "Never"}</td>
              <td>
                <span className={`tag ${state.className}`}>{state.label}</span>
                {token.revokedAt ? (
                  <span className="hint cell-note">
                    <DateTime value={token.revokedAt} />
                  </span>
                ) : null}
              </td>
              <td>
                {token.revokedAt ? null : (
                  <Link to={`?revoke=${token.id}`}>
                    Revoke<span className="visually-hidden"> “{token.name}”</span>
                  </Link>
                )}
              </td>
            </tr>
          );
        })}
      </RecordsTable>
    </>
  );
}

function NewToken({ name, token }: { name: string; token: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }
  return (
    <section className="panel notice new-token" aria-labelledby="new-token-title">
      <h2 id="new-token-title">Token “{name}” created</h2>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> Assay keeps only a fingerprint of
        it. Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <div className="field">
        <label htmlFor="new-token">New API token</label>
        <input
          id="new-token"
          readOnly
          value={token}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div className="actions">
        <button type="button" className="button--secondary" onClick={copy}>
          Copy token
        </button>
        <span role="status">
          {copied === "yes"
            ? "Copied to the clipboard."
            : copied === "no"
              ? "Could not copy: select the token and copy it yourself."
              : ""}
        </span>
      </div>
    </section>
  );
}

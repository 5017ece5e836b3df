// Webhook endpoints (docs/integrations.md, docs/decisions/215-webhooks-outbox.md): admins
// register them, see each one's pending and failed deliveries, send a test event, switch them
// off and on, and delete them. The signing secret travels once, in the create action's response.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { RecordsTable } from "~/components/records-table";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import {
  createEndpoint,
  deleteEndpoint,
  listEndpoints,
  sendTestEvent,
  setEndpointActive,
} from "~/webhooks/endpoints.server";
import { EVENT_LABELS, EVENT_TYPES, WEBHOOK_FORMAT_LABELS } from "~/webhooks/events";
import { EndpointActionSchema } from "~/webhooks/schemas";

export const meta: MetaFunction = () => [
  { title: "Webhooks — Assay" },
  {
    name: "description",
    content: "Webhook endpoints that tell other systems what happens in Assay.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "webhooks:manage" }, context);
  const endpoints = await listEndpoints(await getDb());
  return { endpoints, privateTargetsAllowed: getEnv().WEBHOOK_ALLOW_PRIVATE_TARGETS };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "webhooks:manage", schema: EndpointActionSchema },
    async ({ user: admin, db, input }) => {
      if (input.intent === "create") {
        const created = await createEndpoint(db, admin, input);
        if (!created.ok) return created;
        // Not a redirect: the secret travels once, in this response.
        return data(
          { errors: {}, created: { id: created.id, name: input.name, secret: created.secret } },
          { headers: { "Cache-Control": "no-store" } },
        );
      }
      if (input.intent === "redeliver") throw new Response("Not here", { status: 400 });
      const result =
        input.intent === "test"
          ? await sendTestEvent(db, admin, input.endpointId)
          : input.intent === "delete"
            ? await deleteEndpoint(db, admin, input.endpointId)
            : await setEndpointActive(db, admin, input.endpointId, input.intent === "enable");
      if (!result.ok) return result;
      const message =
        input.intent === "test"
          ? "A test event is on its way. Its delivery is in the endpoint's log."
          : input.intent === "delete"
            ? "The endpoint was deleted with its delivery log."
            : input.intent === "enable"
              ? "The endpoint is on: new events are queued for it."
              : "The endpoint is off: no new events are queued for it.";
      throw await redirectWithToast(
        input.intent === "test" ? `/admin/webhooks/${input.endpointId}` : "/admin/webhooks",
        { message },
      );
    },
  );
}

export default function WebhooksPage() {
  const { endpoints, privateTargetsAllowed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const created = actionData && "created" in actionData ? actionData.created : null;
  return (
    <>
      <h1>Webhooks</h1>
      <p>
        Assay posts a signed JSON message to each endpoint when the events it chose happen. How to
        verify the signature, the events and their payloads are in <code>docs/integrations.md</code>
        .
      </p>
      <ErrorSummary errors={errors} fieldIds={{ events: "event-assessment.sent" }} />
      {created ? (
        <section className="panel notice" aria-labelledby="new-secret-title">
          <h2 id="new-secret-title">Endpoint “{created.name}” registered</h2>
          <p>
            <strong>Copy its signing secret now: it will not be shown again.</strong> The receiver
            checks the <code>Assay-Signature</code> header with it.
          </p>
          <div className="field">
            <label htmlFor="new-secret">Signing secret</label>
            <input id="new-secret" readOnly value={created.secret} spellCheck={false} />
          </div>
          <p>
            <Link to={`/admin/webhooks/${created.id}`}>Open the endpoint’s delivery log</Link>
          </p>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="create-title">
        <h2 id="create-title">Register an endpoint</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <TextField
            label="Name"
            name="name"
            hint="What receives it: “SIEM”, “#vendor-risk channel”."
            autoComplete="off"
            error={errors.name}
          />
          <TextField
            label="URL"
            name="url"
            type="url"
            hint="An https:// address on the public internet."
            autoComplete="off"
            spellCheck={false}
            error={errors.url}
          />
          <fieldset aria-describedby={errors.events ? "events-error" : undefined}>
            <legend>Events</legend>
            {errors.events ? (
              <p className="field-error" id="events-error">
                <span className="visually-hidden">Error: </span>
                {errors.events}
              </p>
            ) : null}
            {EVENT_TYPES.map((type) => (
              <div className="checkbox" key={type}>
                <input type="checkbox" id={`event-${type}`} name="events" value={type} />
                <label htmlFor={`event-${type}`}>
                  {EVENT_LABELS[type]} <code>{type}</code>
                </label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Format</legend>
            {(["json", "slack"] as const).map((format) => (
              <div className="radio" key={format}>
                <input
                  type="radio"
                  id={`format-${format}`}
                  name="format"
                  value={format}
                  defaultChecked={format === "json"}
                />
                <label htmlFor={`format-${format}`}>{WEBHOOK_FORMAT_LABELS[format]}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Options</legend>
            <div className="checkbox">
              <input type="checkbox" id="includeAnswers" name="includeAnswers" />
              <label htmlFor="includeAnswers">
                Include answer contents (submitted answers, the answer behind a finding)
              </label>
            </div>
            {privateTargetsAllowed ? (
              <div className={`checkbox${errors.allowPrivateNetwork ? " field--error" : ""}`}>
                <input type="checkbox" id="allowPrivateNetwork" name="allowPrivateNetwork" />
                <label htmlFor="allowPrivateNetwork">
                  This endpoint is on a private network (allows private addresses and plain http)
                </label>
              </div>
            ) : null}
          </fieldset>
          <button type="submit" disabled={navigation.state === "submitting"}>
            Register endpoint
          </button>
        </Form>
      </section>
      <RecordsTable
        id="endpoints-title"
        title="Endpoints"
        label="Webhook endpoints"
        columns={["Name", "URL", "Events", "Deliveries", "State"]}
        count={endpoints.length}
        empty="No endpoints yet."
      >
        {endpoints.map((e) => (
          <tr key={e.id}>
            <th scope="row">
              <Link to={`/admin/webhooks/${e.id}`}>{e.name}</Link>
            </th>
            <td>
              <code>{e.url}</code>
            </td>
            <td>{e.events.length}</td>
            <td>
              {e.pending} waiting, {e.failed} failed
            </td>
            <td>{e.active ? "On" : "Off"}</td>
            <td>
              <div className="actions">
                <Form method="post">
                  <input type="hidden" name="endpointId" value={e.id} />
                  <button type="submit" name="intent" value="test" className="button--secondary">
                    Send test event<span className="visually-hidden"> to “{e.name}”</span>
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="endpointId" value={e.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={e.active ? "disable" : "enable"}
                    className="button--secondary"
                  >
                    {e.active ? "Switch off" : "Switch on"}
                    <span className="visually-hidden"> “{e.name}”</span>
                  </button>
                </Form>
              </div>
            </td>
          </tr>
        ))}
      </RecordsTable>
    </>
  );
}

// One webhook endpoint's delivery log (docs/decisions/215-webhooks-outbox.md): each delivery's
// event, status, tries, response code, duration, last error and next try, with "Redeliver" per
// delivery and "Send test event".
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ErrorSummary } from "~/components/form";
import { RecordsTable } from "~/components/records-table";
import { getDb } from "~/db.server";
import { invalid, staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import {
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  redeliver,
  sendTestEvent,
} from "~/webhooks/endpoints.server";
import { EndpointActionSchema } from "~/webhooks/schemas";

export const meta: MetaFunction = () => [
  { title: "Webhook deliveries — Assay" },
  {
    name: "description",
    content: "A webhook endpoint's deliveries: status, response and retries.",
  },
];

const ParamsSchema = z.object({ endpointId: z.string().uuid() });

async function endpointFrom(params: LoaderFunctionArgs["params"]) {
  const parsed = ParamsSchema.safeParse(params);
  const endpoint = parsed.success ? await getEndpoint(await getDb(), parsed.data.endpointId) : null;
  if (!endpoint) throw data("There is no such webhook endpoint.", { status: 404 });
  return endpoint;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "webhooks:manage" }, context);
  const endpoint = await endpointFrom(params);
  return { endpoint, deliveries: await listDeliveries(await getDb(), endpoint.id, 100) };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    {
      permission: "webhooks:manage",
      schema: EndpointActionSchema,
      record: ({ params }) => endpointFrom(params),
    },
    async ({ user: admin, db, record: endpoint, input }) => {
      if (input.intent === "create" || input.endpointId !== endpoint.id)
        return invalid({ form: "Choose an action" });
      const here = `/admin/webhooks/${endpoint.id}`;
      if (input.intent === "redeliver") {
        const result = await redeliver(db, admin, endpoint.id, input.deliveryId);
        if (!result.ok) return result;
        throw await redirectWithToast(here, {
          message: "The event is queued again as a new delivery.",
        });
      }
      if (input.intent === "test") {
        const result = await sendTestEvent(db, admin, endpoint.id);
        if (!result.ok) return result;
        throw await redirectWithToast(here, { message: "A test event is on its way." });
      }
      if (input.intent === "delete") {
        const result = await deleteEndpoint(db, admin, endpoint.id);
        if (!result.ok) return result;
        throw await redirectWithToast("/admin/webhooks", {
          message: `“${result.name}” was deleted with its delivery log.`,
        });
      }
      return invalid({ form: "Switch endpoints on and off from the list" });
    },
  );
}

const STATUS_TEXT: Record<string, string> = {
  queued: "Queued",
  sending: "Sending",
  retrying: "Retrying",
  delivered: "Delivered",
  failed: "Failed",
};

export default function WebhookDeliveriesPage() {
  const { endpoint, deliveries } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/webhooks">All webhook endpoints</Link>
      </p>
      <h1>Deliveries to “{endpoint.name}”</h1>
      <ErrorSummary errors={actionData?.errors ?? {}} />
      <dl className="summary-list">
        <dt>URL</dt>
        <dd>
          <code>{endpoint.url}</code>
        </dd>
        <dt>Events</dt>
        <dd>{endpoint.events.join(", ")}</dd>
        <dt>Format</dt>
        <dd>{endpoint.format === "slack" ? "Slack-compatible" : "JSON"}</dd>
        <dt>State</dt>
        <dd>{endpoint.active ? "On" : "Off"}</dd>
      </dl>
      <div className="actions">
        <Form method="post">
          <input type="hidden" name="endpointId" value={endpoint.id} />
          <button type="submit" name="intent" value="test">
            Send test event
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="endpointId" value={endpoint.id} />
          <button type="submit" name="intent" value="delete" className="button--danger">
            Delete this endpoint
          </button>
        </Form>
      </div>
      <RecordsTable
        id="log-title"
        title="Delivery log"
        label="Delivery log"
        columns={["Event", "Status", "Tries", "Response", "Duration", "Next try"]}
        count={deliveries.length}
        empty="Nothing delivered yet."
      >
        {deliveries.map((d) => (
          <tr key={d.id}>
            <th scope="row">
              <code>{d.type}</code>
              <span className="hint cell-note">
                event {d.eventId}, delivery {d.id}
                {d.redeliveryOf ? ` (again, of ${d.redeliveryOf})` : ""}
              </span>
            </th>
            <td>
              {STATUS_TEXT[d.status] ?? d.status}
              {d.lastError ? <span className="hint cell-note">{d.lastError}</span> : null}
            </td>
            <td>{d.attempts}</td>
            <td>{d.responseStatus ?? "—"}</td>
            <td>{d.durationMs === null ? "—" : `${d.durationMs} ms`}</td>
            <td>
              {d.status === "queued" || d.status === "retrying" ? (
                <DateTime value={d.nextAttemptAt} />
              ) : (
                "—"
              )}
            </td>
            <td>
              <Form method="post">
                <input type="hidden" name="endpointId" value={endpoint.id} />
                <input type="hidden" name="deliveryId" value={d.id} />
                <button type="submit" name="intent" value="redeliver" className="button--secondary">
                  Redeliver<span className="visually-hidden"> delivery {d.id}</span>
                </button>
              </Form>
            </td>
          </tr>
        ))}
      </RecordsTable>
    </>
  );
}

import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { formatDay } from "~/format";
import {
  getLinkState,
  redirectToWorkspace,
  startVendorSession,
} from "~/assessments/respond.server";
import { getDb } from "~/db.server";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";

export const meta: MetaFunction = () => [
  { title: "Your security assessment — Assay" },
  { name: "description", content: "Open the security assessment you were asked to complete." },
];
// The token is in this URL: never send it on in a Referer header (only the origin goes), never
// cache the page. Not "no-referrer": with it, the browser posts the Continue form without
// JavaScript with `Origin: null`, which the action's same-origin check must refuse.
export const headers: HeadersFunction = () => ({
  "Referrer-Policy": "strict-origin",
  "Cache-Control": "no-store",
});

// GET only shows the page: mail scanners and link previews follow links, and must not
// start sessions or count as "opened".
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await getLinkState(await getDb(), params.token ?? "");
  if (link.state === "valid") {
    return { ...link, dueDateText: formatDay(link.dueDate) };
  }
  return { ...link, dueDateText: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const started = await startVendorSession(await getDb(), params.token ?? "");
  if (!started.ok) return data({ refused: true }, { status: 410 });
  // The token leaves the address bar here: from now on the cookie identifies the session.
  throw redirectToWorkspace(started.cookie);
}

const REFUSALS = {
  expired: "This link has expired",
  revoked: "This link has been withdrawn",
  closed: "This assessment is closed",
  unknown: "This link does not work",
} as const;

export default function RespondPage() {
  const link = useLoaderData<typeof loader>();
  if (link.state !== "valid") {
    const contact =
      "contactName" in link && link.contactName
        ? `Ask ${link.contactName} (${link.contactEmail}) for a new link.`
        : "Ask the person who sent you the assessment for a new link.";
    return (
      <div className="panel narrow">
        <h1>{REFUSALS[link.state]}</h1>
        <p>
          {link.state === "unknown"
            ? "Check that you copied the whole link from the email. Links stop working when a newer one is sent."
            : link.state === "closed"
              ? "It no longer accepts answers."
              : "Links work until a little after the due date, and can be withdrawn by the sender."}
        </p>
        <p>{contact}</p>
      </div>
    );
  }
  return (
    <div className="panel narrow">
      <h1>{link.questionnaireTitle}</h1>
      <p>
        Hello {link.name}. {link.vendorName} has been asked to complete this security assessment by{" "}
        <strong>{link.dueDateText}</strong>.
      </p>
      <p>
        Your answers are saved as you go, so you can stop at any time and come back with this link.
      </p>
      <Form method="post">
        <button type="submit">Continue to the assessment</button>
      </Form>
    </div>
  );
}

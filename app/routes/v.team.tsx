import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { vendorAction } from "~/http/action.server";
import { assignWork, getTeam, inviteColleague } from "~/assessments/collaboration.server";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { TeamActionSchema } from "~/assessments/schemas";
import { isOpenForAnswers } from "~/assessments/status";
import { ErrorSummary, TextField } from "~/components/form";
import { redirectWithToast } from "~/http/toast.server";
import { useClearOnSuccess } from "~/forms/clear-on-success";

export const meta: MetaFunction = () => [
  { title: "Your team — your assessment — Assay" },
  {
    name: "description",
    content: "Who is answering your assessment with you, and who works on which section.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request, context);
  const [{ questionnaire }, team] = await Promise.all([
    loadVendorWorkspace(vendor.db, vendor.assessmentId, context),
    getTeam(vendor.db, vendor.assessmentId),
  ]);
  return {
    recipientId: vendor.recipientId,
    open: isOpenForAnswers(vendor.status),
    team,
    sections: questionnaire.sections.map((s) => ({
      id: s.id,
      title: s.title,
      questions: s.questions.map((q) => ({ id: q.id, text: q.text })),
    })),
  };
}

export async function action(args: ActionFunctionArgs) {
  return vendorAction(args, { schema: TeamActionSchema }, async ({ vendor, db, input }) => {
    if (input.intent === "invite") {
      const result = await inviteColleague(db, vendor, input);
      if (!result.ok) return result;
      throw await redirectWithToast("/v/team", {
        message: `${input.name} was invited and emailed a personal link of their own.`,
      });
    }
    const { questionnaire } = await loadVendorWorkspace(db, vendor.assessmentId);
    const result = await assignWork(db, vendor, questionnaire, input);
    if (!result.ok) return result;
    throw await redirectWithToast("/v/team", {
      message: input.recipientId ? "Work assigned." : "Assignment removed.",
    });
  });
}

export default function TeamPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const invite = useClearOnSuccess();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const { team } = page;
  const active = team.members.filter((m) => m.active);
  const questionText = new Map(
    page.sections.flatMap((s) => s.questions.map((q) => [q.id, q.text] as const)),
  );
  const assignments = [
    ...page.sections
      .filter((s) => team.sections[s.id])
      .map((s) => ({
        key: `section:${s.id}`,
        what: `Section: ${s.title}`,
        ...team.sections[s.id]!,
      })),
    ...Object.entries(team.questions).map(([id, a]) => ({
      key: `question:${id}`,
      what: `Question: ${questionText.get(id) ?? id}`,
      ...a,
    })),
  ];
  return (
    <>
      <p>
        <Link to="/v">Back to all sections</Link>
      </p>
      <h1>Your team</h1>
      <ErrorSummary errors={errors} fieldIds={{ target: "assign-target" }} />
      <section className="panel" aria-labelledby="people-title">
        <h2 id="people-title">People working on this assessment</h2>
        <ul>
          {team.members.map((m) => (
            <li key={m.id}>
              {m.name} <span className="hint">({m.email})</span>
              {m.id === page.recipientId ? " — you" : null}
              {m.invitedBy ? <span className="hint"> — invited by {m.invitedBy}</span> : null}
              {m.active ? null : <span className="hint"> — link no longer works</span>}
            </li>
          ))}
        </ul>
      </section>
      {page.open ? (
        <section className="panel" aria-labelledby="invite-title">
          <h2 id="invite-title">Invite a colleague</h2>
          <p className="hint">
            They get a personal link of their own by email. Don&apos;t forward yours.
            {team.emailDomains.length > 0
              ? ` Only addresses at ${team.emailDomains.map((d) => `@${d}`).join(", ")} can be invited.`
              : null}
          </p>
          <Form method="post" noValidate {...invite}>
            <input type="hidden" name="intent" value="invite" />
            <TextField
              label="Colleague's name"
              name="name"
              autoComplete="off"
              error={errors.name}
            />
            <TextField
              label="Colleague's email address"
              name="email"
              type="email"
              autoComplete="off"
              spellCheck={false}
              error={errors.email}
            />
            <button type="submit" disabled={navigation.state === "submitting"}>
              Invite colleague
            </button>
          </Form>
        </section>
      ) : null}
      {page.open ? (
        <section className="panel" aria-labelledby="assign-title">
          <h2 id="assign-title">Assign work</h2>
          <p className="hint">
            Put one person on a whole section or on a single question. Everyone can still answer
            everything; the task list shows who is on what.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="assign" />
            <div className={`field${errors.target ? " field--error" : ""}`}>
              <label htmlFor="assign-target">Section or question</label>
              {errors.target ? <p className="field-error">{errors.target}</p> : null}
              <select id="assign-target" name="target">
                {page.sections.map((s) => (
                  <optgroup key={s.id} label={s.title}>
                    <option value={`section:${s.id}`}>Whole section: {s.title}</option>
                    {s.questions.map((q) => (
                      <option key={q.id} value={`question:${q.id}`}>
                        {q.text}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div className={`field${errors.recipientId ? " field--error" : ""}`}>
              <label htmlFor="recipientId">Assign to</label>
              {errors.recipientId ? <p className="field-error">{errors.recipientId}</p> : null}
              <select id="recipientId" name="recipientId">
                {active.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                    {m.id === page.recipientId ? " (you)" : ""}
                  </option>
                ))}
                <option value="">Nobody (remove the assignment)</option>
              </select>
            </div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Assign
            </button>
          </Form>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="assignments-title">
        <h2 id="assignments-title">Who is on what</h2>
        {assignments.length === 0 ? (
          <p>Nothing is assigned yet.</p>
        ) : (
          <ul>
            {assignments.map((a) => (
              <li key={a.key}>
                {a.what} — <strong>{a.name}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getTeam } from "~/assessments/collaboration.server";
import {
  loadVendorWorkspace,
  requireVendorSession,
  workspaceProgress,
} from "~/assessments/respond.server";
import { isOpenForAnswers } from "~/assessments/status";
import { getVendorFollowUps } from "~/findings/finding-evidence.server";
import { getScoreForVendor } from "~/assessments/scores.server";
import { getSettings } from "~/settings/settings.server";

export const meta: MetaFunction = () => [
  { title: "Your assessment — Assay" },
  {
    name: "description",
    content: "Your security assessment: its sections, your progress and what is still to do.",
  },
];

type SectionState =
  "Not started" | "In progress" | "To confirm" | "Completed" | "There is a problem";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request, context);
  const [workspace, team, settings] = await Promise.all([
    loadVendorWorkspace(vendor.db, vendor.assessmentId, context),
    getTeam(vendor.db, vendor.assessmentId),
    getSettings(vendor.db),
  ]);
  const { questionnaire } = workspace;
  const sections = workspaceProgress(workspace).map((p) => {
    const state: SectionState =
      p.problems > 0
        ? "There is a problem"
        : p.answered + p.toConfirm === 0
          ? "Not started"
          : // Carried-over answers must be confirmed or changed before submission (decision 206).
            p.toConfirm > 0
            ? "To confirm"
            : p.answered >= p.applicable
              ? "Completed"
              : "In progress";
    const section = questionnaire.sections.find((s) => s.id === p.sectionId)!;
    // Who is on this section, and on single questions in it ("Bo: 2 questions").
    const onQuestions = new Map<string, number>();
    for (const q of section.questions) {
      const name = team.questions[q.id]?.name;
      if (name) onQuestions.set(name, (onQuestions.get(name) ?? 0) + 1);
    }
    return {
      ...p,
      state,
      description: section.description ?? "",
      assignee: team.sections[p.sectionId]?.name ?? null,
      questionAssignees: [...onQuestions].map(
        ([name, n]) => `${name}: ${n} ${n === 1 ? "question" : "questions"}`,
      ),
    };
  });
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  const applicable = sections.reduce((n, s) => n + s.applicable, 0);
  const toConfirm = sections.reduce((n, s) => n + s.toConfirm, 0);
  return {
    description: questionnaire.description,
    open: isOpenForAnswers(vendor.status),
    status: vendor.status,
    sections,
    answered,
    applicable,
    toConfirm,
    teamSize: team.members.length,
    askedBy: { name: settings.organisationName, contact: settings.organisationContact },
    followUps: await getVendorFollowUps(vendor.db, vendor.assessmentId),
    score: await getScoreForVendor(vendor.db, vendor.assessmentId),
  };
}

export default function TaskListPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your assessment</h1>
      {page.askedBy.name ? (
        <p>
          Asked by {page.askedBy.name}.
          {page.askedBy.contact ? (
            <>
              {" "}
              Questions? Write to{" "}
              <a href={`mailto:${page.askedBy.contact}`}>{page.askedBy.contact}</a>.
            </>
          ) : null}
        </p>
      ) : null}
      {page.open ? (
        <p>{page.description}</p>
      ) : (
        <p role="status" className="panel">
          This assessment was submitted and its answers are locked. You can still read them below.
        </p>
      )}
      {page.score ? (
        <section className="panel" aria-labelledby="score-title">
          <h2 id="score-title">Your result</h2>
          <p>
            Score at submission: {page.score.submitted} out of 100
            {page.score.current && page.score.current !== page.score.submitted
              ? `; with verified fixes: ${page.score.current}`
              : ""}
            {page.score.tier ? `. Residual risk tier: ${page.score.tier}.` : "."}
          </p>
        </section>
      ) : null}
      <p>
        <Link to="/v/changes">Tell us about a change in your AI supply chain</Link> (a new
        sub-processor, country, base model or host) at any time.
      </p>
      {page.followUps.sharedFindings > 0 || page.followUps.openClarifications > 0 ? (
        <section className="panel follow-ups" aria-labelledby="follow-ups-title">
          <h2 id="follow-ups-title">After your submission</h2>
          <ul>
            {page.followUps.openClarifications > 0 ? (
              <li>
                <Link to="/v/clarifications">
                  Clarifications requested ({page.followUps.openClarifications})
                </Link>
              </li>
            ) : null}
            {page.followUps.sharedFindings > 0 ? (
              <li>
                <Link to="/v/findings">
                  Findings to remediate ({page.followUps.findingsToRemediate})
                </Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
      <p>
        <label htmlFor="overall-progress">
          {page.answered} of {page.applicable} questions answered
          {page.toConfirm > 0
            ? `; ${page.toConfirm} carried over from your previous assessment to confirm`
            : ""}
        </label>
        <br />
        <progress id="overall-progress" max={page.applicable} value={page.answered} />
      </p>
      <ol className="task-list">
        {page.sections.map((s) => (
          <li key={s.sectionId} className="task">
            <span className="task__name">
              <Link to={`/v/sections/${s.sectionId}`} aria-describedby={`status-${s.sectionId}`}>
                {s.title}
              </Link>
              <span className="hint">
                {" "}
                — {s.answered} of {s.applicable} answered
                {s.toConfirm > 0 ? `, ${s.toConfirm} carried over to confirm` : ""}
              </span>
              {s.assignee || s.questionAssignees.length > 0 ? (
                <span className="task__who">
                  {s.assignee ? `Assigned to ${s.assignee}` : null}
                  {s.assignee && s.questionAssignees.length > 0 ? "; " : null}
                  {s.questionAssignees.length > 0
                    ? `single questions — ${s.questionAssignees.join(", ")}`
                    : null}
                </span>
              ) : null}
            </span>
            <strong
              id={`status-${s.sectionId}`}
              className={`task__status task__status--${s.state.replace(/ /g, "-").toLowerCase()}`}
            >
              {s.state}
            </strong>
          </li>
        ))}
      </ol>
      <p>
        {page.teamSize === 1
          ? "Only you are working on this assessment. "
          : `${page.teamSize} people are working on this assessment. `}
        <Link to="/v/team">
          {page.open ? "Invite a colleague or assign work" : "See who worked on it"}
        </Link>
      </p>
      <p>
        <Link to="/v/check" className="button">
          {page.open ? "Check your answers and submit" : "View your answers"}
        </Link>
      </p>
    </>
  );
}

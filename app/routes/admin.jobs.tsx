// Scheduled jobs for admins: what runs, and "Run now" (the schedule runs them every
// SCHEDULER_INTERVAL_SECONDS anyway; claims make a manual run safe next to it). On test
// installations (ALLOW_TEST_CLOCK) a run can be "as of" another date, which is how the
// end-to-end tests move the clock to expire a risk acceptance.
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { recordAudit } from "~/audit/audit.server";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, TextField } from "~/components/form";
import { getEnv } from "~/env.server";
import { invalid, staffAction } from "~/http/action.server";
import { JOBS } from "~/jobs/jobs.server";
import { runScheduledJobs } from "~/jobs/scheduler.server";

export const meta: MetaFunction = () => [
  { title: "Scheduled jobs — Assay" },
  {
    name: "description",
    content: "Scheduled jobs: reminders, overdue notices and expiries, with their last runs.",
  },
];

const RunSchema = z.object({
  asOf: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date like 2027-03-31")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" }, context);
  const env = getEnv();
  return {
    jobs: JOBS.map((j) => j.name),
    intervalSeconds: env.SCHEDULER_INTERVAL_SECONDS,
    testClock: env.ALLOW_TEST_CLOCK,
  };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "settings:manage", schema: RunSchema },
    async ({ user: admin, db, input: { asOf } }) => {
      if (asOf && !getEnv().ALLOW_TEST_CLOCK)
        return invalid({
          asOf: "Running as of another date is only possible on test installations",
        });
      const now = asOf ? new Date(`${asOf}T12:00:00Z`) : new Date();
      const done = await runScheduledJobs(db, now);
      await recordAudit(db, {
        actor: { id: admin.id, email: admin.email },
        action: "jobs.run",
        detail: { asOf: asOf ?? null, done },
      });
      return { errors: {}, done };
    },
  );
}

export default function JobsPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="panel narrow">
      <h1>Scheduled jobs</h1>
      <p>
        {page.intervalSeconds > 0
          ? `These run every ${page.intervalSeconds} seconds on every app instance; each piece of work is claimed in the database, so it happens once.`
          : "The schedule is off on this installation (SCHEDULER_INTERVAL_SECONDS=0): run the jobs here."}
      </p>
      <ul>
        {page.jobs.map((name) => (
          <li key={name}>
            <code>{name}</code>
          </li>
        ))}
      </ul>
      <ErrorSummary errors={result?.errors ?? {}} />
      <Form method="post">
        {page.testClock ? (
          <TextField
            label="Run as of (test installations only)"
            name="asOf"
            type="date"
            optional
            error={result?.errors && "asOf" in result.errors ? result.errors.asOf : undefined}
          />
        ) : null}
        <button type="submit">Run the jobs now</button>
      </Form>
      {result && "done" in result && result.done ? (
        <div role="status">
          <h2>Done</h2>
          <ul>
            {Object.entries(result.done).map(([name, count]) => (
              <li key={name}>
                <code>{name}</code>: {count}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

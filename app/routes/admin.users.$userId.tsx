import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listAuditEvents } from "~/audit/audit.server";
import { ROLE_LABELS, ROLES } from "~/auth/permissions";
import { ChangeRoleSchema } from "~/auth/schemas";
import { requireUser } from "~/auth/session.server";
import { AuditTable } from "~/components/audit-table";
import { DateTime } from "~/components/date-time";
import { ErrorSummary, SelectField } from "~/components/form";
import { MailStatus } from "~/components/mail-status";
import { getDb } from "~/db.server";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { USER_STATUS_LABELS } from "~/users/users";
import {
  changeRole,
  getLatestInvitation,
  getLatestInvitationMail,
  getUserById,
  resendInvitation,
  setUserActive,
} from "~/users/users.server";

const ParamsSchema = z.object({ userId: z.string().uuid() });

const ActionSchema = z.discriminatedUnion("intent", [
  ChangeRoleSchema,
  z.object({ intent: z.literal("resend-invitation") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "User"} — Assay` },
  { name: "description", content: "A member of staff: role, status, invitation and history." },
];

async function requireTarget(params: unknown) {
  const parsed = ParamsSchema.safeParse(params);
  if (!parsed.success) throw data("There is no such user.", { status: 404 });
  const db = await getDb();
  const user = await getUserById(db, parsed.data.userId);
  if (!user) throw data("There is no such user.", { status: 404 });
  return { db, user };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requireUser(request, { permission: "users:manage" }, context);
  const { db, user } = await requireTarget(params);
  const [{ events, names }, invitation, invitationMail] = await Promise.all([
    listAuditEvents(db, { target: { type: "user", id: user.id }, limit: 20, names: true }),
    getLatestInvitation(db, user.id),
    getLatestInvitationMail(db, user.id),
  ]);
  const { passwordHash: _hash, ...safe } = user;
  return { user: safe, isSelf: admin.id === user.id, events, names, invitation, invitationMail };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    {
      permission: "users:manage",
      schema: ActionSchema,
      record: async ({ params }) => (await requireTarget(params)).user,
    },
    async ({ user: admin, db, record: user, input }) => {
      const here = `/admin/users/${user.id}`;
      if (input.intent === "change-role") {
        const result = await changeRole(db, admin, user.id, input.role);
        if (!result.ok) return result;
        throw await redirectWithToast(here, {
          message: result.changed
            ? `${user.name} is now ${ROLE_LABELS[input.role]}. Their sessions were ended.`
            : "The role is unchanged.",
          kind: result.changed ? "success" : "info",
        });
      }
      const result =
        input.intent === "resend-invitation"
          ? await resendInvitation(db, admin, user.id)
          : await setUserActive(db, admin, user.id, input.intent === "reactivate");
      if (!result.ok) return result;
      const messages = {
        "resend-invitation": `A new invitation to ${user.email} is on its way. The earlier link keeps working until the new mail has been sent.`,
        deactivate: `${user.name} was deactivated and signed out everywhere.`,
        reactivate: `${user.name} was reactivated.`,
      };
      throw await redirectWithToast(here, { message: messages[input.intent] });
    },
  );
}

export default function UserPage() {
  const { user, isSelf, events, names, invitation, invitationMail } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/admin/users">Back to users</Link>
      </p>
      <h1>{user.name}</h1>
      <ErrorSummary errors={errors} />
      <section className="panel">
        <dl className="summary">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{ROLE_LABELS[user.role]}</dd>
          <dt>Status</dt>
          <dd>
            <span className={`tag status-${user.status}`}>{USER_STATUS_LABELS[user.status]}</span>
            {user.status === "invited" && invitation ? (
              <>
                {" "}
                (latest invitation expires <DateTime value={invitation.expiresAt} />)
              </>
            ) : null}
          </dd>
          {user.status === "invited" && invitationMail ? (
            <>
              <dt>Invitation mail</dt>
              <dd>
                <MailStatus mail={invitationMail} />
              </dd>
            </>
          ) : null}
          <dt>Last sign-in</dt>
          <dd>
            <DateTime value={user.lastLoginAt} />
          </dd>
          <dt>Added</dt>
          <dd>
            <DateTime value={user.createdAt} />
          </dd>
        </dl>
      </section>
      <section className="panel">
        <h2>Change role</h2>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="change-role" />
          <SelectField
            label="Role"
            name="role"
            defaultValue={user.role}
            error={errors.role}
            hint={
              isSelf
                ? "Changing your own role signs you out."
                : "Changing a role signs the user out everywhere."
            }
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <div className="field">
            <button type="submit">Change role</button>
          </div>
        </Form>
      </section>
      <section className="panel">
        <h2>Access</h2>
        <div className="actions">
          {user.status === "invited" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="resend-invitation" />
              <button type="submit" className="button--secondary">
                Send a new invitation
              </button>
            </Form>
          ) : null}
          {user.status !== "deactivated" && !isSelf ? (
            <Form method="post">
              <input type="hidden" name="intent" value="deactivate" />
              <button type="submit" className="button--danger">
                Deactivate {user.name}
              </button>
            </Form>
          ) : null}
          {user.status === "deactivated" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="reactivate" />
              <button type="submit">Reactivate {user.name}</button>
            </Form>
          ) : null}
          {isSelf ? <p className="hint">You cannot deactivate your own account.</p> : null}
        </div>
      </section>
      <section className="panel">
        <h2>History</h2>
        <AuditTable events={events} names={names} />
      </section>
    </>
  );
}

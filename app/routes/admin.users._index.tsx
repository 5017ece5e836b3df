import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ExportLinks } from "~/components/export-links";
import { getDb } from "~/db.server";
import { USER_STATUS_LABELS } from "~/users/users";
import { listUsers } from "~/users/users.server";
import { ScrollRegion } from "~/components/scroll-region";

export const meta: MetaFunction = () => [
  { title: "Users — Assay" },
  { name: "description", content: "The staff who use Assay, their roles and invitations." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "users:manage" }, context);
  return { users: await listUsers(await getDb()) };
}

export default function UsersPage() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="actions">
        <h1>Users</h1>
      </div>
      <p>
        <Link to="/admin/users/new" className="button">
          Invite a user
        </Link>
      </p>
      <ExportLinks what="the users" path="/admin/users/export" />
      <ScrollRegion label="Users">
        <table>
          <caption>{users.length} users</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </th>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>
                  <span className={`tag status-${u.status}`}>{USER_STATUS_LABELS[u.status]}</span>
                </td>
                <td>
                  <DateTime value={u.lastLoginAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

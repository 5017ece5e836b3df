import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { VendorForm } from "~/components/vendor-form";
import { getDb } from "~/db.server";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { VendorSchema } from "~/vendors/schemas";
import { createVendor, listOwnerOptions } from "~/vendors/vendors.server";

export const meta: MetaFunction = () => [
  { title: "Add a vendor — Assay" },
  { name: "description", content: "Add an AI supplier to Assay and set its risk profile." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "vendors:manage" }, context);
  return { owners: await listOwnerOptions(await getDb()), userId: user.id };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "vendors:manage", schema: VendorSchema },
    async ({ user, db, input }) => {
      const result = await createVendor(db, user, input);
      if (!result.ok) return result;
      throw await redirectWithToast(`/vendors/${result.vendorId}`, {
        message: `${input.name} was added. Add the people you will send assessments to.`,
      });
    },
  );
}

export default function NewVendorPage() {
  const { owners, userId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="panel narrow-wide">
      <p>
        <Link to="/vendors">Back to vendors</Link>
      </p>
      <h1>Add a vendor</h1>
      <VendorForm
        serverErrors={actionData?.errors}
        defaults={{ ownerId: owners.some((o) => o.id === userId) ? userId : null }}
        owners={owners}
        submitLabel="Add vendor"
        cancelTo="/vendors"
      />
    </div>
  );
}

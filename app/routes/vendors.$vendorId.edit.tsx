import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { VendorForm } from "~/components/vendor-form";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { requireVendorParam } from "~/vendors/vendor-param.server";
import { VendorSchema } from "~/vendors/schemas";
import { listOwnerOptions, updateVendor } from "~/vendors/vendors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.vendor.name ?? "vendor"} — Assay` },
  {
    name: "description",
    content: "Edit a vendor's profile: category, data access and criticality.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:manage" }, context);
  const { db, vendor } = await requireVendorParam(params);
  if (vendor.archivedAt)
    throw data(`${vendor.name} is archived. Restore it before changing it.`, { status: 409 });
  return { vendor, owners: await listOwnerOptions(db, vendor.ownerId) };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    {
      permission: "vendors:manage",
      schema: VendorSchema,
      record: async ({ params }) => (await requireVendorParam(params)).vendor,
    },
    async ({ user, db, record: vendor, input }) => {
      const result = await updateVendor(db, user, vendor.id, input);
      if (!result.ok) return result;
      throw await redirectWithToast(
        `/vendors/${vendor.id}`,
        result.changed
          ? { message: `Your changes to ${input.name} were saved.` }
          : { message: "Nothing was changed.", kind: "info" },
      );
    },
  );
}

export default function EditVendorPage() {
  const { vendor, owners } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="panel narrow-wide">
      <p>
        <Link to={`/vendors/${vendor.id}`}>Back to {vendor.name}</Link>
      </p>
      <h1>Edit {vendor.name}</h1>
      <VendorForm
        serverErrors={actionData?.errors}
        defaults={vendor}
        owners={owners}
        submitLabel="Save changes"
        cancelTo={`/vendors/${vendor.id}`}
      />
    </div>
  );
}

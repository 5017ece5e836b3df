import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { VendorForm } from "~/components/vendor-form";
import { getDb } from "~/db.server";
import { parseForm } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import { VendorSchema } from "~/vendors/schemas";
import { createVendor, listOwnerOptions } from "~/vendors/vendors.server";

export const meta: MetaFunction = () => [
  { title: "Add a vendor — Assay" },
  { name: "description", content: "Add an AI supplier to Assay and set its risk profile." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "vendors:manage" });
  return { owners: await listOwnerOptions(await getDb()), userId: user.id };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "vendors:manage" });
  const parsed = parseForm(VendorSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors }, { status: 400 });
  const result = await createVendor(await getDb(), user, parsed.data);
  if (!result.ok)
    return data(
      { errors: { [result.field ?? "form"]: result.message } },
      { status: result.status },
    );
  throw await redirectWithToast(`/vendors/${result.vendorId}`, {
    message: `${parsed.data.name} was added. Add the people you will send assessments to.`,
  });
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

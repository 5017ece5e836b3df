// The vendor shell: every vendor page under /v (the task list, sections, check, team, changes,
// findings, clarifications) opens with which assessment this personal link answers and who is
// signed in (docs/decisions/350-vendor-layout-route.md). This layout only renders it: each page
// keeps checking the vendor session in its own loader and action, because a parent loader
// protects neither. Resource routes under /v (answers, evidence, boms, definitions) have no UI
// and never run this loader; the signed-out page sits outside it (v_.signed-out.tsx).
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { getVendorShell } from "~/assessments/respond.server";
import { VendorHeader } from "~/components/vendor-header";

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Null without a session: the page's own loader answers 401, shown by the root's boundary.
  return getVendorShell(request, context);
}

export default function VendorLayout() {
  const shell = useLoaderData<typeof loader>();
  return (
    <>
      {shell ? <VendorHeader {...shell} /> : null}
      <Outlet />
    </>
  );
}

import { data, type MetaFunction } from "@remix-run/node";
import { useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/root";

export const meta: MetaFunction = () => [
  { title: "Page not found — Assay" },
  { name: "description", content: "This address does not match a page in Assay." },
];

// Any URL no route claims: a real 404 with the app's layout and a way back.
export function loader() {
  throw data(
    "If you typed the web address, check it is correct. If you followed a link, it may be out of date.",
    {
      status: 404,
    },
  );
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}

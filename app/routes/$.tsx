import { data } from "@remix-run/node";
import { ErrorPage } from "~/root";
import { useRouteError } from "@remix-run/react";

// Any URL no route claims: a real 404 with the app's layout and a way back.
export function loader() {
  throw data("If you typed the web address, check it is correct. If you followed a link, it may be out of date.", {
    status: 404,
  });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}

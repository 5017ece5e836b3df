import { type MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [
  { title: "You have signed out — Assay" },
  {
    name: "description",
    content: "You have signed out of your security assessment; your answers are saved.",
  },
];

// Where a vendor contact lands after "Sign out": no session needed, nothing to load.
export default function VendorSignedOutPage() {
  return (
    <div className="panel narrow">
      <h1>You have signed out</h1>
      <p>Your answers are saved. This browser no longer has access to the assessment.</p>
      <p>
        To continue, open the personal link from your invitation email again. If it no longer works,
        ask the person who sent it for a new one.
      </p>
    </div>
  );
}

import { Link } from "@remix-run/react";

/**
 * Shown where staff send to vendors while the organisation is not named: why nothing can be
 * sent, and where to fix it (docs/decisions/270-organisation-identity.md).
 */
export function OrganisationNotice({ canFix, returnTo }: { canFix: boolean; returnTo: string }) {
  return (
    <div className="panel panel--warning" role="note" aria-labelledby="organisation-notice">
      <h2 id="organisation-notice">Nothing can be sent to vendors yet</h2>
      <p>
        Vendors must know who is asking: your organisation&apos;s name and a contact address for
        vendors are not set.{" "}
        {canFix ? (
          <Link to={`/admin/organisation?redirectTo=${encodeURIComponent(returnTo)}`}>
            Set your organisation&apos;s name and contact
          </Link>
        ) : (
          "Ask an admin to set them in Settings."
        )}
      </p>
    </div>
  );
}

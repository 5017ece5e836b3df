// "Previous page · Page 2 of 5 · Next page" under a paged list (the vendors, assessments,
// findings and outbox lists), with rel=prev/next links that keep the list's filters: `href`
// makes the URL of a page.
import { Link } from "@remix-run/react";

export function Pager({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="pager actions">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          Previous page
        </Link>
      ) : null}
      <span>
        Page {Math.min(page, pageCount)} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}

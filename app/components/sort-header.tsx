import { Link } from "@remix-run/react";

/**
 * A column header that sorts the table by following a link, so sorting works before
 * JavaScript loads and a sorted list can be bookmarked. Only the sorted column carries
 * aria-sort (WAI-ARIA sortable table pattern).
 */
export function SortHeader({
  label,
  to,
  sorted,
}: {
  label: string;
  to: string;
  sorted: "asc" | "desc" | false;
}) {
  return (
    <th
      scope="col"
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
    >
      <Link to={to} className="sort-link">
        {label}
        <span aria-hidden="true" className="sort-icon">
          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
        </span>
      </Link>
    </th>
  );
}

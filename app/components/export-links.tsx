import { useLocation } from "@remix-run/react";
import { exportHref } from "~/export/table-export";

/**
 * "Download CSV · XLSX" for the list on this page, with its current filters and sorting.
 * `path`: a resource route that answers the download, for pages whose own URL cannot (a
 * route with a component renders HTML for a document request, whatever its loader returns).
 */
export function ExportLinks({ what, path = "" }: { what: string; path?: string }) {
  const { search } = useLocation();
  return (
    <p className="export-links">
      Download {what}:{" "}
      <a href={`${path}${exportHref(search, "csv")}`} download>
        CSV
      </a>{" "}
      ·{" "}
      <a href={`${path}${exportHref(search, "xlsx")}`} download>
        XLSX
      </a>
    </p>
  );
}

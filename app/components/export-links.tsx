import { useLocation } from "@remix-run/react";
import { exportHref } from "~/export/table-export";

/** "Download CSV · XLSX" for the list on this page, with its current filters and sorting. */
export function ExportLinks({ what }: { what: string }) {
  const { search } = useLocation();
  return (
    <p className="export-links">
      Download {what}:{" "}
      <a href={exportHref(search, "csv")} download>
        CSV
      </a>{" "}
      ·{" "}
      <a href={exportHref(search, "xlsx")} download>
        XLSX
      </a>
    </p>
  );
}

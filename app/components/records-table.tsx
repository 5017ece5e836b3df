import { type ReactNode } from "react";
import { ScrollRegion } from "./scroll-region";

/**
 * A titled list of records (API tokens, webhook endpoints, deliveries): its heading, a line when
 * there are none, otherwise the table in a keyboard-scrollable region, its last column the
 * row's actions (named for screen readers only). `children` are the table's rows.
 */
export function RecordsTable({
  id,
  title,
  label,
  columns,
  count,
  empty,
  children,
}: {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  /** The scrollable region's name. */
  label: string;
  columns: readonly string[];
  count: number;
  /** What is said when there are no rows. */
  empty: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {count === 0 ? (
        <p>{empty}</p>
      ) : (
        <ScrollRegion label={label}>
          <table>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

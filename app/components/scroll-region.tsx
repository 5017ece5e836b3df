import { type ReactNode } from "react";

/**
 * A horizontally scrollable wrapper for wide tables. It is focusable so keyboard users can
 * scroll it (WCAG 2.1.1; axe "scrollable-region-focusable"), and named so screen readers
 * announce what it holds.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- scrollable regions must be keyboard-reachable
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

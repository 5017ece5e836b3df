// The links in a long list's rows (a finding, its vendor, an assessment), the dashboard's
// ~60 figures (docs/decisions/419-dashboard-figure-links.md), the compare page's picker, section
// list and column headers (decision 430), a provider's rows (431) and the site header (432), with
// its current item marked by `isCurrentPath`. A Remix <Link> per row
// costs its hooks in every server render and hydration: about 7 µs each on the server, a
// millisecond for a page of 50 rows with two links each (docs/decisions/404-server-runtime-costs.md).
// A row link is a plain anchor instead, which Remix discovers as it does its own links
// (data-discover), and one listener on the list navigates in the browser as <Link> would: a
// plain left click without a modifier key, to this origin, is a client-side navigation; any
// other click (a new tab, a download) is the browser's own. Before hydration, or without
// JavaScript, it is an ordinary link.
import { useNavigate } from "@remix-run/react";
import { type ReactNode, useCallback, useRef } from "react";

export function RowLink({
  to,
  children,
  "aria-label": label,
  "aria-current": current,
  preventScrollReset,
  rel,
  className,
}: {
  to: `/${string}`;
  children: ReactNode;
  "aria-label"?: string;
  "aria-current"?: "page";
  /** As <Link>'s: the client-side navigation keeps the scroll position. */
  preventScrollReset?: boolean;
  rel?: string;
  className?: string;
}) {
  return (
    <a
      href={to}
      data-discover="true"
      data-row-link=""
      data-prevent-scroll-reset={preventScrollReset ? "" : undefined}
      aria-label={label}
      aria-current={current}
      rel={rel}
      className={className}
    >
      {children}
    </a>
  );
}

/**
 * Whether a navigation item for `to` is the current page's, as Remix's <NavLink> decides
 * (case-insensitively): the same path, or one below it unless `end` (the home page's item).
 */
export function isCurrentPath(pathname: string, to: string, end = false): boolean {
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  if (here === target) return true;
  if (end || !here.startsWith(target)) return false;
  const slash = target !== "/" && target.endsWith("/") ? target.length - 1 : target.length;
  return here.charAt(slash) === "/";
}

/** Whether a click on a row link is the browser's to handle rather than a client navigation. */
function isBrowsersClick(event: MouseEvent): boolean {
  return (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.altKey ||
    event.ctrlKey ||
    event.shiftKey
  );
}

/**
 * A ref callback for the element holding the rows (a tbody): its row links navigate in the
 * browser. A callback, not an effect, so that a table that appears later (the first page of a
 * search had no rows) gets its listener too.
 */
export function useRowLinks<T extends HTMLElement>(): (element: T | null) => void {
  const navigate = useNavigate();
  const detach = useRef<(() => void) | null>(null);
  return useCallback(
    (list: T | null) => {
      detach.current?.();
      detach.current = null;
      if (!list) return;
      const onClick = (event: MouseEvent) => {
        if (isBrowsersClick(event) || !(event.target instanceof Element)) return;
        const anchor = event.target.closest("a[data-row-link]");
        if (!(anchor instanceof HTMLAnchorElement) || !list.contains(anchor)) return;
        const url = new URL(anchor.href);
        if (url.origin !== window.location.origin) return;
        event.preventDefault();
        navigate(`${url.pathname}${url.search}${url.hash}`, {
          preventScrollReset: anchor.hasAttribute("data-prevent-scroll-reset"),
        });
      };
      list.addEventListener("click", onClick);
      detach.current = () => list.removeEventListener("click", onClick);
    },
    [navigate],
  );
}

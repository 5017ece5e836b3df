import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  UNSAFE_RemixContext,
  isRouteErrorResponse,
  useMatches,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { navigationFor, ROLE_LABELS } from "./auth/permissions";
import { isCurrentPath, RowLink, useRowLinks } from "./components/row-link";
import { getSignedInVendor } from "./assessments/respond.server";
import { getUser } from "./auth/session.server";
import { readToast } from "./http/toast.server";
import { HISTORY_STATE_SCRIPT } from "./history-state";
import { UNAVAILABLE_MESSAGE, UNAVAILABLE_TITLE } from "./http/outage";
import { useNonce } from "./nonce";
import stylesheet from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// Routes set their own titles; an error page rendered by a boundary gets one that says what happened.
export const meta: MetaFunction = ({ error }) => [
  { title: error ? `${errorTitle(error)} — Assay` : "Assay" },
  {
    name: "description",
    content: "Assay assesses the security of an organisation's AI suppliers.",
  },
];

// Kept small on purpose: the signed-in user and the pending toast, nothing else.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [user, { toast, headers }] = await Promise.all([
    getUser(request, context),
    readToast(request),
  ]);
  // A vendor contact (no staff account) gets their name and a "Sign out" in the header; the
  // page's own loader shares the lookup (`context` is the request's, decision 361).
  const vendor = user ? null : await getSignedInVendor(request, context);
  return data(
    { user, vendor, toast: toast ? { ...toast, id: crypto.randomUUID() } : null },
    { headers },
  );
}

type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  // Marks the page interactive, for people's tools and for end-to-end tests that must not act
  // before event handlers exist.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  const rootData = useRouteLoaderData<typeof loader>("root") as RootData | undefined;
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ModulePreloads />
        <script
          nonce={nonce}
          suppressHydrationWarning
          dangerouslySetInnerHTML={{ __html: HISTORY_STATE_SCRIPT }}
        />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <SiteHeader rootData={rootData} />
        <main id="main" tabIndex={-1}>
          {/* Keyed by id: each new toast starts visible, even on the same page. */}
          {rootData?.toast ? <ToastMessage key={rootData.toast.id} toast={rootData.toast} /> : null}
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * The header on every page. Its links are plain anchors that one listener navigates in the
 * browser (`RowLink`, docs/decisions/432-header-links.md): about fifteen React Router links, and a
 * <NavLink>'s path matching each, cost every staff page's render. The current section is marked
 * as <NavLink> marked it (`active`, `aria-current="page"`).
 */
function SiteHeader({ rootData }: { rootData: RootData | undefined }) {
  const { pathname } = useLocation();
  const headerLinks = useRowLinks<HTMLElement>();
  const user = rootData?.user ?? null;
  const vendor = rootData?.vendor ?? null;
  return (
    <header className="site-header" ref={headerLinks}>
      <div className="site-header__inner">
        <RowLink to="/" className="brand">
          Assay
        </RowLink>
        {user ? (
          <>
            <nav aria-label="Main">
              <ul className="nav-list">
                {navigationFor(user).map((item) => {
                  const current = isCurrentPath(pathname, item.to, item.to === "/");
                  return (
                    <li key={item.to}>
                      <RowLink
                        to={item.to}
                        className={current ? "active" : undefined}
                        aria-current={current ? "page" : undefined}
                      >
                        {item.label}
                      </RowLink>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <div className="account">
              <span>
                {user.name} <span className="role-badge">{ROLE_LABELS[user.role]}</span>
              </span>
              {user.hasPassword === false ? null : (
                <RowLink to="/account/password">Change password</RowLink>
              )}
              <SignOut />
            </div>
          </>
        ) : vendor ? (
          <div className="account">
            <span>{vendor.name}</span>
            <SignOut />
          </div>
        ) : null}
      </div>
    </header>
  );
}

function SignOut() {
  return (
    <Form method="post" action="/logout">
      <button type="submit" className="button-link">
        Sign out
      </button>
    </Form>
  );
}

/**
 * The page's JavaScript modules, announced in the head so the browser fetches (and compiles)
 * them while it parses the body. Remix's <Scripts> lists the same modules at the end of the
 * body, which on a long page (a 300-question section) the parser reaches only after the whole
 * document: the modules were requested ~0.5 s after the HTML had arrived.
 */
function ModulePreloads() {
  const remix = useContext(UNSAFE_RemixContext);
  const matches = useMatches();
  if (!remix) return null;
  const { manifest } = remix;
  const modules = new Set([manifest.entry.module, ...manifest.entry.imports]);
  for (const match of matches) {
    const route = manifest.routes[match.id];
    if (!route) continue;
    for (const module of route.imports ?? []) modules.add(module);
    modules.add(route.module);
  }
  return (
    <>
      {[...modules].map((href) => (
        <link key={href} rel="modulepreload" href={href} />
      ))}
    </>
  );
}

function ToastMessage({ toast }: { toast: NonNullable<RootData["toast"]> }) {
  const [hidden, setHidden] = useState(false);
  const location = useLocation();
  const shownAt = useRef(location.key);
  // A toast belongs to the page it was shown on: leaving that page drops it.
  useEffect(() => {
    if (location.key !== shownAt.current) setHidden(true);
  }, [location.key]);
  if (hidden) return null;
  return (
    <div
      className={`toast toast--${toast.kind}`}
      role={toast.kind === "error" ? "alert" : "status"}
      key={toast.id}
    >
      <p>{toast.message}</p>
      <button type="button" className="button-link" onClick={() => setHidden(true)}>
        Dismiss<span className="visually-hidden"> message</span>
      </button>
    </div>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <ErrorPage error={error} />;
}

function errorTitle(error: unknown): string {
  if (isRouteErrorResponse(error)) {
    if (error.status === 503) return UNAVAILABLE_TITLE;
    if (error.status === 404) return "Page not found";
    if (error.status === 403) return "You do not have access to this page";
    if (error.status === 401) return "You need to sign in";
    if (error.status < 500) return "That request could not be completed";
  }
  return "Sorry, something went wrong on our side";
}

export function ErrorPage({ error }: { error: unknown }) {
  const location = useLocation();
  const vendorArea = /^\/(v|respond)(\/|$)/.test(location.pathname);
  if (isRouteErrorResponse(error)) {
    const detail = typeof error.data === "string" ? error.data : undefined;
    if (error.status === 503) {
      // The database cannot be reached (docs/decisions/131-database-outage.md).
      return (
        <ErrorContent title={UNAVAILABLE_TITLE}>
          <p>{detail ?? UNAVAILABLE_MESSAGE}</p>
          <p>
            <Link to={location.pathname + location.search} reloadDocument>
              Try again
            </Link>
          </p>
        </ErrorContent>
      );
    }
    if (error.status === 404) {
      return (
        <ErrorContent title="Page not found">
          <p>
            {detail ??
              "If you typed the web address, check it is correct. If you followed a link, it may be out of date."}
          </p>
          <p>
            <Link to="/">Go to your home page</Link>
          </p>
        </ErrorContent>
      );
    }
    if (error.status === 403) {
      return (
        <ErrorContent title="You do not have access to this page">
          <p>{detail ?? "Your role does not allow this."}</p>
          <p>If you need access, ask an admin of your organisation to change your role.</p>
          <p>
            <Link to="/">Go to your home page</Link>
          </p>
        </ErrorContent>
      );
    }
    if (error.status === 401) {
      return (
        <ErrorContent title="You need to sign in">
          <p>{detail ?? "Your session has ended."}</p>
          {/* Vendors have no account: their message says to use their personal link instead. */}
          {vendorArea ? null : (
            <p>
              <Link to="/login">Sign in</Link>
            </p>
          )}
        </ErrorContent>
      );
    }
    if (error.status < 500) {
      return (
        <ErrorContent title="That request could not be completed">
          <p>{detail ?? error.statusText}</p>
          <p>
            <Link to="/">Go to your home page</Link>
          </p>
        </ErrorContent>
      );
    }
  }
  return (
    <ErrorContent title="Sorry, something went wrong on our side">
      <p>
        Nothing you entered has been lost. Try again in a moment; if it keeps happening, tell your
        Assay administrator what you were doing and when.
      </p>
      <p>
        <Link to="/" reloadDocument>
          Try again from the home page
        </Link>
      </p>
    </ErrorContent>
  );
}

function ErrorContent({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="error-page">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

import { appCookie } from "~/http/cookies.server";
import { OIDC_LOGIN_TTL_MS } from "./oidc.server";

/**
 * Binds a single sign-on attempt to the browser that began it (docs/decisions/212-oidc-flow.md):
 * SameSite=Lax, so it comes back with the provider's top-level redirect to the callback.
 */
export function oidcStateCookie() {
  return appCookie("assay_oidc_state", OIDC_LOGIN_TTL_MS / 1000);
}

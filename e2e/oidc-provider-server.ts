// The end-to-end tests' identity provider: a real oidc-provider (app/test/oidc-provider.ts),
// started by Playwright as a second web server on E2E_OIDC_PORT (playwright.config.ts).
import { startTestProvider } from "../app/test/oidc-provider";
import { E2E_OIDC } from "./oidc-settings";

const port = Number(process.env.E2E_OIDC_PORT);
const appUrl = process.env.E2E_APP_URL!;
const provider = await startTestProvider({
  port,
  clientId: E2E_OIDC.clientId,
  clientSecret: E2E_OIDC.clientSecret,
  redirectUris: [`${appUrl}/auth/oidc/callback`],
  postLogoutRedirectUris: [`${appUrl}/login`],
  accounts: E2E_OIDC.accounts,
});
console.log(`Test OpenID provider at ${provider.issuer}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void provider.close().then(() => process.exit(0)));
}

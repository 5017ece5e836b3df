// A real OpenID provider for the tests: the certified `oidc-provider` package with its stock
// login pages, an in-memory store, its own signing key, one client for Assay and accounts the
// test defines (docs/decisions/214-oidc-tests-real-provider.md). Used by the integration tests
// in-process and by the end-to-end tests through e2e/oidc-provider-server.ts.
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { decodeJwt, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import Provider from "oidc-provider";

export type TestAccount = {
  email: string;
  emailVerified: boolean;
  name: string;
  groups: string[];
};

export type TestProviderOptions = {
  port?: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts: Record<string, TestAccount>;
};

/** Rewrites the ID token the token endpoint returns, re-signed: what a broken or hostile provider would send. */
export type IdTokenTamper = {
  claims: (claims: JWTPayload) => JWTPayload;
  /** Sign with a key the provider's JWKS does not hold. */
  strangerKey?: boolean;
};

export type TestProvider = {
  issuer: string;
  accounts: Record<string, TestAccount>;
  tamperNextIdToken(tamper: IdTokenTamper): void;
  close(): Promise<void>;
};

const KID = "assay-test-signing-key";

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const stranger = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(privateKey)), kid: KID, alg: "RS256", use: "sig" };
  const accounts = options.accounts;
  let tamper: IdTokenTamper | null = null;

  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://localhost:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ["assay-test-provider-cookie-key"] },
    pkce: { required: () => true },
    scopes: ["openid", "email", "profile", "groups"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: account.emailVerified,
            name: account.name,
            groups: account.groups,
          };
        },
      };
    },
    // First-party client: consent is granted without asking, as organisations configure it.
    async loadExistingGrant(ctx) {
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
  });
  provider.on("server_error", (_ctx, error) => {
    console.warn("test OpenID provider error:", error);
  });

  // Test-only: replace the next ID token the token endpoint returns (decision 214).
  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: string } | undefined;
    if (!tamper || ctx.path !== "/token" || !body?.id_token) return;
    const change = tamper;
    tamper = null;
    const claims = change.claims(decodeJwt(body.id_token));
    ctx.body = {
      ...body,
      id_token: await new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" })
        .sign(change.strangerKey ? stranger.privateKey : privateKey),
    };
  });

  server.on("request", provider.callback());
  return {
    issuer,
    accounts,
    tamperNextIdToken(next) {
      tamper = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tiny browser for the provider's pages: follows redirects, keeps its cookies, fills the stock login form. */
export class ProviderBrowser {
  private cookies = new Map<string, string>();

  constructor(private readonly issuer: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /**
   * From the authorisation URL to the URL the provider sends the browser back to (the app's
   * callback), signing in as `login` on the provider's own form when it asks.
   */
  async signIn(authorizationUrl: string, login: string, stopAt: string): Promise<string> {
    let url = authorizationUrl;
    for (let hop = 0; hop < 12; hop++) {
      if (url.startsWith(stopAt)) return url;
      const response = await this.request(url);
      const location = response.headers.get("location");
      if (location) {
        url = new URL(location, url).href;
        continue;
      }
      const html = await response.text();
      const action = html.match(/<form[^>]*action="([^"]+)"[^>]*method="post"/)?.[1];
      const prompt = html.match(/name="prompt" value="([^"]+)"/)?.[1];
      if (!action || !prompt)
        throw new Error(`the provider showed no form at ${url}: ${html.slice(0, 300)}`);
      const fields = new URLSearchParams({ prompt, ...(prompt === "login" ? { login } : {}) });
      const posted = await this.request(
        new URL(action.replaceAll("&amp;", "&"), this.issuer).href,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: fields,
        },
      );
      const next = posted.headers.get("location");
      if (!next) throw new Error(`the provider did not redirect after ${prompt}: ${posted.status}`);
      url = new URL(next, action.startsWith("http") ? action : this.issuer).href;
    }
    throw new Error("too many redirects at the provider");
  }
}

import { type AppLoadContext } from "@remix-run/node";

declare module "@remix-run/node" {
  // Module augmentation needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface AppLoadContext {
    /** The client's address as scripts/server.js sees it (the socket, or a trusted proxy's X-Forwarded-For). */
    clientIp?: string | null;
  }
}

export function getClientIp(context: AppLoadContext | undefined): string | null {
  return context?.clientIp ?? null;
}

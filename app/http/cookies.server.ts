import { type Cookie, createCookie } from "@remix-run/node";
import { getEnv, getSessionSecret } from "~/env.server";

const cookies = new Map<string, Cookie>();

/**
 * The app's one cookie policy: signed with SESSION_SECRET, HttpOnly, SameSite=Lax, Secure in
 * production, whole-site path. Made on first use, after the environment has been checked.
 */
export function appCookie(name: string, maxAgeSeconds: number): Cookie {
  let cookie = cookies.get(name);
  if (!cookie) {
    const env = getEnv();
    cookie = createCookie(name, {
      httpOnly: true,
      sameSite: "lax",
      secure: env.NODE_ENV === "production",
      path: "/",
      maxAge: maxAgeSeconds,
      secrets: [getSessionSecret(env)],
    });
    cookies.set(name, cookie);
  }
  return cookie;
}

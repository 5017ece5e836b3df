// One-time messages after a redirect ("User invited"): a short-lived signed cookie that
// the root loader reads once and clears.
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { appCookie } from "~/http/cookies.server";

const ToastSchema = z.object({
  kind: z.enum(["success", "error", "info"]).default("success"),
  message: z.string().min(1).max(500),
});
export type Toast = z.input<typeof ToastSchema>;

function toastCookie() {
  return appCookie("assay_toast", 60);
}

export async function toastHeader(toast: Toast): Promise<string> {
  return toastCookie().serialize(ToastSchema.parse(toast));
}

export async function redirectWithToast(
  url: string,
  toast: Toast,
  init: { headers?: HeadersInit } = {},
) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await toastHeader(toast));
  return redirect(url, { headers });
}

/** The pending toast, if any, and the header that clears it. */
export async function readToast(request: Request) {
  const value = await toastCookie().parse(request.headers.get("cookie"));
  const parsed = ToastSchema.safeParse(value);
  if (!parsed.success) return { toast: null, headers: undefined };
  return {
    toast: parsed.data,
    headers: { "Set-Cookie": await toastCookie().serialize("", { maxAge: 0 }) },
  };
}

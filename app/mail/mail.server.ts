// The one mail sender. SMTP_URL set: nodemailer delivers over SMTP. Not set: nodemailer
// renders the message and it lands in the outbox table, which admins read at /outbox, so
// the demo and the tests see every mail. Either way the mail is recorded.
import { desc } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { type Db, schema } from "~/db.server";
import { getEnv } from "~/env.server";

export type Mail = { to: string; subject: string; text: string; html?: string; kind: string };

let transporter: { transport: Transporter; kind: "smtp" | "outbox" } | undefined;
function getTransport() {
  const env = getEnv();
  transporter ??= env.SMTP_URL
    ? { transport: nodemailer.createTransport(env.SMTP_URL), kind: "smtp" }
    : {
        transport: nodemailer.createTransport({
          streamTransport: true,
          buffer: true,
          newline: "unix",
        }),
        kind: "outbox",
      };
  return transporter;
}

/** Sends (or, without SMTP, renders) the mail and records it. Call after the change it announces has committed. */
export async function sendMail(db: Db, mail: Mail): Promise<void> {
  const { transport, kind } = getTransport();
  const info = await transport.sendMail({
    from: getEnv().MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  });
  await db.insert(schema.mailOutbox).values({
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
    kind: mail.kind,
    transport: kind,
    messageId: info.messageId ?? null,
  });
}

export async function listOutbox(db: Db, limit = 100) {
  return db.select().from(schema.mailOutbox).orderBy(desc(schema.mailOutbox.id)).limit(limit);
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A plain, readable HTML version of a mail made of paragraphs and one call to action. */
export function simpleHtml(paragraphs: string[], action?: { label: string; href: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n");
  const button = action
    ? `<p><a href="${escapeHtml(action.href)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a></p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">${body}${button}</body></html>`;
}

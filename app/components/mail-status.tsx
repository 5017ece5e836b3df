// Whether a mail actually left: the outbox's status with what the worker knows about it
// (docs/decisions/140-mail-outbox.md). Used on the assessment page and the admin outbox.
import { DateTime } from "./date-time";

export type MailStatusView = {
  status: "queued" | "sending" | "retrying" | "sent" | "failed" | "demo" | "kept" | "cancelled";
  attempts: number;
  nextAttemptAt: string | Date;
  lastError: string | null;
  sentAt: string | Date | null;
  smtpResponse: string | null;
  messageId: string | null;
};

const TAG: Record<MailStatusView["status"], string> = {
  queued: "Queued",
  sending: "Sending",
  retrying: "Retrying",
  sent: "Sent",
  failed: "Failed",
  demo: "Demo",
  kept: "In outbox",
  cancelled: "Cancelled",
};

export function MailStatus({ mail }: { mail: MailStatusView }) {
  return (
    <span className="mail-status">
      <span className={`tag mail-${mail.status}`}>{TAG[mail.status]}</span>{" "}
      <MailStatusDetail mail={mail} />
    </span>
  );
}

function MailStatusDetail({ mail }: { mail: MailStatusView }) {
  switch (mail.status) {
    case "queued":
      return <span className="hint">waiting for the mail worker</span>;
    case "sending":
      return <span className="hint">attempt {mail.attempts} in progress</span>;
    case "retrying":
      return (
        <span className="hint">
          {mail.attempts} {mail.attempts === 1 ? "attempt" : "attempts"}, next try{" "}
          <DateTime value={mail.nextAttemptAt} />. Last error: <code>{mail.lastError}</code>
        </span>
      );
    case "failed":
      return (
        <span className="hint">
          not delivered after {mail.attempts} {mail.attempts === 1 ? "attempt" : "attempts"}. Last
          error: <code>{mail.lastError}</code>
        </span>
      );
    case "sent":
      return (
        <span className="hint">
          <DateTime value={mail.sentAt} />; the server answered <code>{mail.smtpResponse}</code>
          {mail.messageId ? (
            <>
              , Message-ID <code>{mail.messageId}</code>
            </>
          ) : null}
        </span>
      );
    case "demo":
      return <span className="hint">reserved example address: never delivered</span>;
    case "kept":
      return <span className="hint">no SMTP server is configured; read it in the outbox</span>;
    case "cancelled":
      return <span className="hint">{mail.lastError ?? "not sent"}</span>;
  }
}

// One clarification request on the vendor's page: the question, the thread, and — while it is
// open — the answer, editable again, with a reply; once sent back, both read-only.
import { Form } from "@remix-run/react";
import { revisionName } from "~/assessments/answer-form";
import { AnswerField } from "~/components/answer-field";
import { DateTime } from "~/components/date-time";
import { TextAreaField } from "~/components/form";
import {
  type ClarificationActionResult,
  type ClarificationItem,
} from "~/review/vendor-clarification-page.server";

export function ClarificationSection({
  item,
  mine,
  errors,
  busy,
}: {
  item: ClarificationItem;
  /** The action's answer when it was about this question. */
  mine: ClarificationActionResult | undefined;
  errors: Record<string, string>;
  busy: boolean;
}) {
  return (
    <section className="panel clarification" aria-labelledby={`clarification-${item.questionId}`}>
      <h2 id={`clarification-${item.questionId}`}>
        {item.question.text}
        {item.open ? null : <span className="tag clarification__done">Sent back for review</span>}
      </h2>
      <p className="hint">Section: {item.sectionTitle}</p>
      <ol className="thread">
        {item.thread.map((m) => (
          <li key={m.id} className={m.kind === "reply" ? "thread__item--vendor" : undefined}>
            <p className="hint">
              {m.kind === "question" ? "Question from the reviewer" : `Reply from ${m.author}`} ·{" "}
              <DateTime value={m.createdAt} />
            </p>
            <p className="pre-wrap">{m.body}</p>
          </li>
        ))}
      </ol>
      {item.open ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="reply" />
          <input type="hidden" name="questionId" value={item.questionId} />
          <input
            type="hidden"
            name={revisionName(item.questionId)}
            value={mine?.revision ?? item.revision}
          />
          <AnswerField
            question={item.question}
            answer={mine?.submitted ? mine.submitted.answer : item.answer}
            comment={mine?.submitted ? mine.submitted.comment : item.comment}
            updatedBy={item.updatedBy}
            carriedOver={false}
            visible
            readOnly={false}
            error={errors[`q-${item.questionId}`]}
            files={item.files}
          />
          <TextAreaField
            label="Your reply to the reviewer"
            name="reply"
            id={`reply-${item.questionId}`}
            rows={3}
            optional
            defaultValue={mine?.submitted?.reply ?? ""}
            error={errors[`reply-${item.questionId}`]}
            hint="Say what you changed, or why your answer stands."
          />
          <button type="submit" disabled={busy}>
            Send back for review
            <span className="visually-hidden">: {item.question.text}</span>
          </button>
        </Form>
      ) : (
        <AnswerField
          question={item.question}
          answer={item.answer}
          comment={item.comment}
          updatedBy={item.updatedBy}
          carriedOver={false}
          visible
          readOnly
          files={item.files}
        />
      )}
    </section>
  );
}

/**
 * The file controls inside each open answer belong to these forms (the `form` attribute), since
 * forms cannot nest: one upload form per open request, one remove form per file.
 */
export function ClarificationFileForms({ open }: { open: ClarificationItem[] }) {
  return (
    <>
      {open.map((item) => (
        <Form
          key={`upload-${item.questionId}`}
          id={`upload-${item.questionId}`}
          method="post"
          encType="multipart/form-data"
        >
          <input type="hidden" name="intent" value="upload" />
          <input type="hidden" name="questionId" value={item.questionId} />
        </Form>
      ))}
      {open.flatMap((item) =>
        item.files.map((file) => (
          <Form key={`remove-${file.id}`} id={`remove-${file.id}`} method="post">
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="fileId" value={file.id} />
          </Form>
        )),
      )}
    </>
  );
}

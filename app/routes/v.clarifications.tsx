// The answers a reviewer reopened with a question (docs/decisions/091). Each open one is a form of
// its own: the answer, editable again, and a reply; sending it saves the answer (against the
// revision the page showed) and returns it for review. Closed ones stay readable.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { readAnswer, readComment, revisionName } from "~/assessments/answer-form";
import { answerFieldErrors, answerFieldsSchema } from "~/assessments/answer-form-schema";
import { formatDay } from "~/format";
import { loadVendorWorkspace, requireVendorSession } from "~/assessments/respond.server";
import { cleanName } from "~/assessments/evidence.server";
import { AnswerField } from "~/components/answer-field";
import { DateTime } from "~/components/date-time";
import { ErrorSummary, TextAreaField } from "~/components/form";
import { VendorHeader } from "~/components/vendor-header";
import { getEnv } from "~/env.server";
import {
  isClarificationOpen,
  removeClarificationEvidence,
  uploadClarificationEvidence,
} from "~/findings/finding-evidence.server";
import { withoutScoring } from "~/questionnaire/vendor-copy";
import { listEvidenceItems } from "~/assessments/evidence-list.server";
import { parseForm } from "~/forms/parse";
import { isMultipart, streamMultipartUpload, uploadRefusal } from "~/http/multipart.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { type Answer, getQuestionMap } from "~/questionnaire/model";
import {
  answerClarification,
  CLARIFICATION_NOT_OPEN,
  getVendorClarifications,
} from "~/review/review.server";
import { MAX_EVIDENCE_BYTES } from "~/storage/file-type";
import { type CheckedUpload, discardUpload } from "~/storage/upload.server";

const questionId = z.string().trim().min(1, "Choose a question").max(64);

const ClarificationActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("reply"),
      questionId,
      reply: z.string().trim().max(5_000, "Keep the reply under 5,000 characters").default(""),
    }),
    z.object({ intent: z.literal("upload"), questionId }),
    z.object({ intent: z.literal("remove"), fileId: z.string().uuid("There is no such file") }),
  ],
  { errorMap: () => ({ message: "Choose what to do" }) },
);

type ActionResult = {
  errors: Record<string, string>;
  questionId?: string;
  /** What they sent, kept when it could not be saved. */
  submitted?: { answer: Answer | null; comment: string; reply: string };
  /** The revision saved now, after a colleague changed the answer meanwhile. */
  revision?: number;
};

export const meta: MetaFunction = () => [
  { title: "Clarifications requested — Assay" },
  { name: "description", content: "Answers the assessing organisation asks you to clarify." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const [workspace, clarifications, files] = await Promise.all([
    loadVendorWorkspace(vendor.db, vendor.assessmentId),
    getVendorClarifications(vendor.db, vendor.assessmentId),
    listEvidenceItems(vendor.db, [vendor.assessmentId], "vendor"),
  ]);
  const order = [...getQuestionMap(workspace.questionnaire).keys()];
  const items = clarifications
    .flatMap((c) => {
      const entry = getQuestionMap(workspace.questionnaire).get(c.questionId);
      if (!entry) return [];
      const section = workspace.questionnaire.sections.find((s) =>
        s.questions.some((q) => q.id === c.questionId),
      );
      const stored = workspace.stored[c.questionId];
      return [
        {
          questionId: c.questionId,
          open: c.open,
          thread: c.thread,
          question: withoutScoring(entry.question),
          sectionTitle: section?.title ?? "",
          answer: stored?.answer ?? null,
          comment: stored?.comment ?? "",
          revision: stored?.revision ?? 0,
          updatedBy: stored?.updatedBy ?? null,
          files: files.filter((f) => f.questionId === c.questionId),
        },
      ];
    })
    // Open requests first, each group in questionnaire order.
    .sort(
      (a, b) =>
        Number(b.open) - Number(a.open) ||
        order.indexOf(a.questionId) - order.indexOf(b.questionId),
    );
  return {
    title: workspace.summary.questionnaireTitle,
    vendorName: workspace.summary.vendorName,
    dueDate: formatDay(workspace.summary.dueDate),
    recipientName: vendor.recipientName,
    items,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const reply = (status: number, result: ActionResult) => data(result, { status });
  let form: FormData;
  // A file streams into storage as it arrives, checked and counted on the way
  // (docs/decisions/193-uploads-stream-to-storage.md); past 25 MB nothing is kept.
  let upload: CheckedUpload | null = null;
  if (isMultipart(request)) {
    const read = await streamMultipartUpload(request, {
      maxFileBytes: MAX_EVIDENCE_BYTES,
      cleanName,
    });
    if (!read.ok) {
      const refusal = uploadRefusal(read.problem);
      return reply(refusal.status, { errors: { form: refusal.message } });
    }
    form = read.form;
    upload = read.upload;
  } else {
    form = await request.formData();
  }
  const parsed = parseForm(ClarificationActionSchema, form);
  // A stored file is kept only by a valid upload; any other way out removes it.
  if (!parsed.success || parsed.data.intent !== "upload") await discardUpload(upload ?? undefined);
  if (!parsed.success) {
    const { intent, ...rest } = parsed.errors;
    return reply(400, { errors: intent ? { form: intent, ...rest } : rest });
  }
  const input = parsed.data;
  const { questionnaire } = await loadVendorWorkspace(vendor.db, vendor.assessmentId);

  if (input.intent === "remove") {
    const result = await removeClarificationEvidence(
      vendor.db,
      vendor,
      questionnaire,
      input.fileId,
    );
    if (!result.ok) return reply(result.status, { errors: { form: result.message } });
    throw await redirectWithToast(`/v/clarifications#question-${result.questionId}`, {
      message: "File removed.",
    });
  }

  const question = getQuestionMap(questionnaire).get(input.questionId)?.question;
  if (input.intent === "upload") {
    const fieldKey = `q-${input.questionId}`;
    if (!question || !(await isClarificationOpen(vendor.db, vendor.assessmentId, question.id))) {
      await discardUpload(upload ?? undefined);
      return reply(409, { errors: { form: CLARIFICATION_NOT_OPEN } });
    }
    if (!upload)
      return reply(400, {
        questionId: question.id,
        errors: { [fieldKey]: `${question.text}: choose a file to upload.` },
      });
    const result = await uploadClarificationEvidence(vendor.db, vendor, questionnaire, {
      questionId: question.id,
      upload,
    });
    if (!result.ok)
      return reply(result.status, {
        questionId: question.id,
        errors: { [fieldKey]: `${question.text}: ${result.message}` },
      });
    throw await redirectWithToast(`/v/clarifications#question-${question.id}`, {
      message: "File uploaded.",
    });
  }

  if (!question) return reply(409, { errors: { form: CLARIFICATION_NOT_OPEN } });
  const fields = parseForm(answerFieldsSchema([question]), form);
  if (!fields.success)
    return reply(400, {
      questionId: question.id,
      errors: answerFieldErrors(fields.errors, [question]),
    });
  const answer = readAnswer(question, form);
  const comment = readComment(question, form);
  const result = await answerClarification(vendor.db, vendor, questionnaire, {
    questionId: question.id,
    answer,
    comment,
    baseRevision: (fields.data[revisionName(question.id)] as number | undefined) ?? 0,
    reply: input.reply,
  });
  if (!result.ok) {
    const key =
      result.field === "answer"
        ? `q-${question.id}`
        : result.field === "reply"
          ? `reply-${question.id}`
          : "form";
    // A request that is no longer open is about the whole page, as before any answer is read.
    if (key === "form" && result.status === 409)
      return reply(409, { errors: { form: result.message } });
    return reply(result.status, {
      questionId: question.id,
      submitted: { answer, comment, reply: input.reply },
      revision: result.current?.revision,
      errors: { [key]: result.message },
    });
  }
  throw await redirectWithToast("/v/clarifications", {
    message: "Your answer was sent back for review.",
  });
}

export default function ClarificationsPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  const open = page.items.filter((i) => i.open);
  return (
    <>
      <VendorHeader
        title={page.title}
        vendorName={page.vendorName}
        dueDate={page.dueDate}
        recipientName={page.recipientName}
      />
      <p>
        <Link to="/v">Back to your assessment</Link>
      </p>
      <h1>Clarifications requested</h1>
      <ErrorSummary errors={errors} />
      {page.items.length === 0 ? (
        <p className="panel">Nobody has asked you to clarify an answer.</p>
      ) : open.length === 0 ? (
        <p className="panel" role="status">
          You have answered every clarification request. Thank you.
        </p>
      ) : (
        <p>
          A reviewer asked about {open.length === 1 ? "one answer" : `${open.length} answers`}. Only{" "}
          {open.length === 1 ? "that answer is" : "those answers are"} open again: change it if
          needed, reply to the question, and send it back for review.
        </p>
      )}
      {page.items.map((item) => {
        const mine = actionData?.questionId === item.questionId ? actionData : undefined;
        return (
          <section
            key={item.questionId}
            className="panel clarification"
            aria-labelledby={`clarification-${item.questionId}`}
          >
            <h2 id={`clarification-${item.questionId}`}>
              {item.question.text}
              {item.open ? null : (
                <span className="tag clarification__done">Sent back for review</span>
              )}
            </h2>
            <p className="hint">Section: {item.sectionTitle}</p>
            <ol className="thread">
              {item.thread.map((m) => (
                <li key={m.id} className={m.kind === "reply" ? "thread__item--vendor" : undefined}>
                  <p className="hint">
                    {m.kind === "question"
                      ? "Question from the reviewer"
                      : `Reply from ${m.author}`}{" "}
                    · <DateTime value={m.createdAt} />
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
                <button type="submit" disabled={navigation.state === "submitting"}>
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
      })}
      {/* The file controls inside each answer belong to these forms (the `form` attribute),
          since forms cannot nest. */}
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

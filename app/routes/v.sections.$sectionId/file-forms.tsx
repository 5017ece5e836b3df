// The section page's evidence forms and its parts navigation. Uploads and removals are small
// forms outside the answer form (the file inputs point at them with `form`), so they work
// without JavaScript; with it they go through fetch and the page refreshes its data.
import { Link } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { type UploadedFile } from "~/components/answer-field";
import { type Question } from "~/questionnaire/definition";

type Message = { ok: boolean; text: string };
type Send = (event: React.FormEvent<HTMLFormElement>, questionId: string, done: string) => void;

export function useFileForms(
  files: UploadedFile[],
  revised: (questionId: string, revision: number) => void,
  revalidate: () => void,
) {
  const [messages, setMessages] = useState<Record<string, Message>>({});
  // An upload's or removal's result, announced page-wide (the question's own message may be
  // re-rendered as its answer changes), and focus back on the question's upload control.
  const [announcement, setAnnouncement] = useState("");
  const focusAfterFiles = useRef<string | null>(null);
  const focusUploadControl = useCallback((questionId: string) => {
    document
      .querySelector<HTMLInputElement>(`input[type=file][form="upload-${CSS.escape(questionId)}"]`)
      ?.focus();
  }, []);
  useEffect(() => {
    // After the refreshed data has re-rendered the question.
    const questionId = focusAfterFiles.current;
    focusAfterFiles.current = null;
    if (questionId) focusUploadControl(questionId);
  }, [files, focusUploadControl]);
  async function sendFileForm(
    event: React.FormEvent<HTMLFormElement>,
    questionId: string,
    done: string,
  ) {
    event.preventDefault();
    const form = event.currentTarget;
    setMessages((m) => ({ ...m, [questionId]: { ok: true, text: "Uploading…" } }));
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      const result = (await response.json()) as {
        ok: boolean;
        message?: string;
        revision?: number;
      };
      if (result.ok && result.revision) revised(questionId, result.revision);
      const text = result.ok ? done : (result.message ?? "That did not work.");
      setMessages((m) => ({ ...m, [questionId]: { ok: result.ok, text } }));
      setAnnouncement(text);
      if (!result.ok) focusUploadControl(questionId);
      if (result.ok) {
        focusAfterFiles.current = questionId;
        form.reset();
        for (const input of document.querySelectorAll<HTMLInputElement>(
          `input[type=file][form="${form.id}"]`,
        ))
          input.value = "";
        revalidate();
      }
    } catch {
      const text = "The upload failed: check your connection and try again.";
      setMessages((m) => ({ ...m, [questionId]: { ok: false, text } }));
      setAnnouncement(text);
      focusUploadControl(questionId);
    }
  }
  const send: Send = (event, questionId, done) => void sendFileForm(event, questionId, done);
  return { messages, announcement, send };
}

/** The upload form of each evidence question shown, a CycloneDX form per supplier list, and a removal form per file. */
export function FileForms({
  questions,
  files,
  send,
}: {
  questions: readonly Question[];
  files: UploadedFile[];
  send: Send;
}) {
  const shown = new Set(questions.map((q) => q.id));
  return (
    <>
      {questions
        .filter((q) => q.type === "evidence" || ("evidence" in q && q.evidence !== "none"))
        .map((question) => (
          <form
            key={`upload-${question.id}`}
            id={`upload-${question.id}`}
            method="post"
            action="/v/evidence"
            encType="multipart/form-data"
            onSubmit={(event) => send(event, question.id, "File uploaded.")}
          >
            <input type="hidden" name="questionId" value={question.id} />
          </form>
        ))}
      {questions
        .filter((q) => q.type === "supplier_list")
        .map((question) => (
          // A CycloneDX file to fill the supplier table from (decision 331).
          <form
            key={`bom-${question.id}`}
            id={`bom-${question.id}`}
            method="post"
            action="/v/boms"
            encType="multipart/form-data"
          >
            <input type="hidden" name="questionId" value={question.id} />
          </form>
        ))}
      {files
        .filter((file) => shown.has(file.questionId))
        .map((file) => (
          <form
            key={`remove-${file.id}`}
            id={`remove-${file.id}`}
            method="post"
            action={`/v/evidence/${file.id}`}
            onSubmit={(event) => send(event, file.questionId, `${file.fileName} removed.`)}
          />
        ))}
    </>
  );
}

/**
 * Which questions of a long section this page holds, and links to its other parts: a long
 * section is answered part by part, with JavaScript or without (decisions 320 and 397).
 */
export function PartsNav({
  sectionId,
  part,
  parts,
  first,
  last,
  total,
}: {
  sectionId: string;
  part: number;
  parts: number;
  first: number;
  last: number;
  total: number;
}) {
  return (
    <nav aria-label="Parts of this section" className="hint">
      Questions {first}–{last} of {total}. Parts:{" "}
      {Array.from({ length: parts }, (_, i) => i + 1).map((n) => (
        <span key={n}>
          {n === part ? (
            <strong aria-current="page">{n}</strong>
          ) : (
            <Link to={`/v/sections/${sectionId}?part=${n}`}>{n}</Link>
          )}{" "}
        </span>
      ))}
    </nav>
  );
}

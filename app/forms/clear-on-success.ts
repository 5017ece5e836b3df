// A form whose send succeeded is cleared, so that its text is not sent twice by mistake
// (an invitation, a clarification request). A success here is the action's redirect: the
// navigation returns to idle with no action data; a refusal returns data and keeps the text.
import { useActionData, useNavigation } from "@remix-run/react";
import { type FormEvent, useCallback, useEffect, useRef } from "react";

export function useClearOnSuccess() {
  const ref = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  const navigation = useNavigation();
  const actionData = useActionData();
  useEffect(() => {
    if (navigation.state !== "idle" || !sent.current) return;
    sent.current = false;
    if (actionData === undefined) ref.current?.reset();
  }, [navigation.state, actionData]);
  const onSubmit = useCallback((event: FormEvent<HTMLFormElement>) => {
    if (!event.defaultPrevented) sent.current = true;
  }, []);
  return { ref, onSubmit };
}

// Input made on the answering page before React has taken it over
// (docs/decisions/111-early-input-before-hydration.md).
//
// Remix starts hydrating the document before its data is decoded: the root suspends on that
// decoding with no Suspense boundary above it. A click, a key or a submit that reaches React
// then makes it hydrate the whole document synchronously, which cannot suspend: hydration fails
// and React gives up on the root (React's minified error 345, "root did not complete"), leaving a page that looks
// alive but never saves. Even when it succeeds, hydrating 300 questions in one go on a click is
// a long task.
//
// So until the page has hydrated, the events React would hydrate for never reach it: a script
// in the page stops them at the window, before React's listeners on the document, and the
// browser does what it does without JavaScript (a choice is checked, a letter typed, the form
// posted to the section's action, which saves it). Once hydrated, the page replays as `input`
// events every field whose value differs from the one rendered from the server's answers, and
// autosave takes it from there. If a script fails before that, the page says so and stays the
// working no-JavaScript form.

/**
 * React 18's discrete events that make it hydrate synchronously
 * (react-dom's `discreteReplayableEvents`).
 */
const HELD_EVENTS = [
  "mousedown",
  "mouseup",
  "touchcancel",
  "touchend",
  "touchstart",
  "auxclick",
  "dblclick",
  "pointercancel",
  "pointerdown",
  "pointerup",
  "dragend",
  "dragstart",
  "drop",
  "compositionend",
  "compositionstart",
  "keydown",
  "keypress",
  "keyup",
  "input",
  "textInput",
  "copy",
  "cut",
  "paste",
  "click",
  "change",
  "contextmenu",
  "reset",
  "submit",
];

type EarlyInput = { lift(): Map<HTMLTextAreaElement, string> };
const early = () => window as unknown as { __assayEarlyInput?: EarlyInput | null };

/**
 * Inline in the page, before the form: holds React's events until `takeEarlyInput` lifts the
 * hold, remembers what was typed into text areas (React resets a text area that had a saved
 * value to that value while hydrating it), and marks the page `data-answering="failed"` when a
 * script fails before then. `data-answering` is set only after hydration ("live") or when it
 * cannot happen ("failed"): an attribute added before would differ from the server's HTML.
 */
export const EARLY_INPUT_SCRIPT = `(function(){
var w=window,d=document.documentElement,types=${JSON.stringify(HELD_EVENTS)},typed=new Map();
if(w.__assayEarlyInput!==undefined)return;
function hold(e){var t=e.target;if(t&&t.tagName==="TEXTAREA")typed.set(t,t.value);e.stopPropagation()}
function failed(e){var t=e.target;if(e.type==="error"&&t!==w&&!(t&&(t.tagName==="SCRIPT"||t.tagName==="LINK")))return;d.setAttribute("data-answering","failed")}
types.forEach(function(t){w.addEventListener(t,hold,true)});
w.addEventListener("error",failed,true);w.addEventListener("unhandledrejection",failed);
w.__assayEarlyInput={lift:function(){types.forEach(function(t){w.removeEventListener(t,hold,true)});w.removeEventListener("error",failed,true);w.removeEventListener("unhandledrejection",failed);w.__assayEarlyInput=null;d.setAttribute("data-answering","live");return typed}};
})()`;

/** Lifts the hold (once hydrated) and returns the text areas typed into meanwhile. */
export function takeEarlyInput(): Map<HTMLTextAreaElement, string> {
  const hold = early().__assayEarlyInput;
  if (!hold) {
    // Rendered in the browser (a client-side navigation): nothing was held.
    document.documentElement.setAttribute("data-answering", "live");
    return new Map();
  }
  return hold.lift();
}

function changed(field: HTMLInputElement | HTMLTextAreaElement): boolean {
  if (field instanceof HTMLInputElement && (field.type === "radio" || field.type === "checkbox"))
    return field.checked !== field.defaultChecked;
  return field.value !== field.defaultValue;
}

/**
 * Replays, as one bubbling `input` event per field name, every field of the form whose value
 * differs from what the server rendered: typed, chosen or restored by the browser before the
 * page was interactive. Returns the names replayed.
 */
export function replayEarlyInput(
  form: HTMLFormElement,
  typed: Map<HTMLTextAreaElement, string>,
): string[] {
  for (const [area, value] of typed)
    if (form.contains(area) && area.value !== value) area.value = value;
  const names = new Set<string>();
  const targets: (HTMLInputElement | HTMLTextAreaElement)[] = [];
  for (const field of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    "input[name], textarea[name]",
  )) {
    if (field.type === "hidden" || field.type === "file" || field.disabled) continue;
    if (names.has(field.name) || !changed(field)) continue;
    names.add(field.name);
    // For a choice, the event comes from the option now chosen, as a click would send it.
    const chosen =
      field instanceof HTMLInputElement && field.type === "radio" && !field.checked
        ? form.querySelector<HTMLInputElement>(
            `input[type=radio][name="${CSS.escape(field.name)}"]:checked`,
          )
        : null;
    targets.push(chosen ?? field);
  }
  for (const target of targets) target.dispatchEvent(new Event("input", { bubbles: true }));
  return [...names];
}

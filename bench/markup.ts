// The markup React's server renderer writes, read back into a tree that `React.createElement`
// can render again (decision 433: each page's framework floor renders the page's own document
// with none of Assay's code). It reads what React 18 writes — double-quoted attributes, the five
// entities React escapes, `<!-- -->` between adjacent texts — not arbitrary HTML.

export type MarkupElement = {
  tag: string;
  attributes: [name: string, value: string][];
  children: MarkupNode[];
};
export type MarkupNode = string | MarkupElement;

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);
const RAW_TEXT = new Set(["script", "style"]);
const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code =
        entity[1] === "x" || entity[1] === "X"
          ? parseInt(entity.slice(2), 16)
          : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

const ATTRIBUTE = /\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/y;

/**
 * Parses markup into elements and texts. Comments (React's text separators and Suspense
 * markers) and the doctype are dropped; texts are decoded. An end tag closes the nearest open
 * element of its name, as browsers do for React's well-formed output.
 */
export function parseMarkup(html: string): MarkupNode[] {
  const root: MarkupElement = { tag: "#root", attributes: [], children: [] };
  const stack: MarkupElement[] = [root];
  const top = () => stack[stack.length - 1]!;
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf("<", at);
    if (lt === -1 || lt > at) {
      const text = html.slice(at, lt === -1 ? html.length : lt);
      top().children.push(decodeEntities(text));
      if (lt === -1) break;
      at = lt;
      continue;
    }
    if (html.startsWith("<!--", at)) {
      const end = html.indexOf("-->", at + 4);
      at = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[at + 1] === "!" || html[at + 1] === "?") {
      const end = html.indexOf(">", at);
      at = end === -1 ? html.length : end + 1;
      continue;
    }
    if (html[at + 1] === "/") {
      const end = html.indexOf(">", at);
      const name = html
        .slice(at + 2, end === -1 ? html.length : end)
        .trim()
        .toLowerCase();
      const index = stack.findLastIndex((element) => element.tag.toLowerCase() === name);
      if (index > 0) stack.length = index;
      at = end === -1 ? html.length : end + 1;
      continue;
    }
    const nameMatch = /^<([A-Za-z][\w:-]*)/.exec(html.slice(at, at + 64));
    if (!nameMatch) {
      // A lone "<" in text.
      top().children.push("<");
      at += 1;
      continue;
    }
    const element: MarkupElement = { tag: nameMatch[1]!, attributes: [], children: [] };
    at += nameMatch[0].length;
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const attribute = ATTRIBUTE.exec(html);
      if (!attribute) break;
      at = ATTRIBUTE.lastIndex;
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? "";
      element.attributes.push([attribute[1]!, decodeEntities(value)]);
    }
    const close = html.indexOf(">", at);
    const selfClosing = html[close - 1] === "/";
    at = close === -1 ? html.length : close + 1;
    top().children.push(element);
    const tag = element.tag.toLowerCase();
    if (VOID.has(tag) || selfClosing) continue;
    if (RAW_TEXT.has(tag)) {
      const end = html.toLowerCase().indexOf(`</${tag}`, at);
      const text = html.slice(at, end === -1 ? html.length : end);
      if (text) element.children.push(text);
      const after = end === -1 ? -1 : html.indexOf(">", end);
      at = after === -1 ? html.length : after + 1;
      continue;
    }
    stack.push(element);
  }
  return root.children;
}

/** The first element named `tag`, depth first. */
export function findElement(nodes: MarkupNode[], tag: string): MarkupElement | undefined {
  for (const node of nodes) {
    if (typeof node === "string") continue;
    if (node.tag.toLowerCase() === tag) return node;
    const found = findElement(node.children, tag);
    if (found) return found;
  }
  return undefined;
}

/** The tree without the nodes `drop` says no to (at any depth). */
export function withoutNodes(
  nodes: MarkupNode[],
  drop: (element: MarkupElement) => boolean,
): MarkupNode[] {
  const out: MarkupNode[] = [];
  for (const node of nodes) {
    if (typeof node === "string") out.push(node);
    else if (!drop(node)) out.push({ ...node, children: withoutNodes(node.children, drop) });
  }
  return out;
}

export function countElements(nodes: MarkupNode[]): number {
  let count = 0;
  for (const node of nodes) {
    if (typeof node !== "string") count += 1 + countElements(node.children);
  }
  return count;
}

/** React's boolean DOM properties: React writes `name=""` for true and nothing for false. */
const BOOLEAN_PROPS = new Set([
  "allowfullscreen",
  "async",
  "autofocus",
  "autoplay",
  "checked",
  "controls",
  "default",
  "defer",
  "disabled",
  "formnovalidate",
  "hidden",
  "inert",
  "itemscope",
  "loop",
  "multiple",
  "muted",
  "nomodule",
  "novalidate",
  "open",
  "playsinline",
  "readonly",
  "required",
  "reversed",
  "selected",
]);
/** HTML attribute names whose React prop is spelled otherwise. */
const PROP_NAMES: Record<string, string> = {
  class: "className",
  for: "htmlFor",
  "http-equiv": "httpEquiv",
  "accept-charset": "acceptCharset",
  charset: "charSet",
  tabindex: "tabIndex",
  colspan: "colSpan",
  rowspan: "rowSpan",
  readonly: "readOnly",
  maxlength: "maxLength",
  minlength: "minLength",
  autocomplete: "autoComplete",
  autofocus: "autoFocus",
  crossorigin: "crossOrigin",
  enctype: "encType",
  novalidate: "noValidate",
  formnovalidate: "formNoValidate",
  inputmode: "inputMode",
  datetime: "dateTime",
  srcset: "srcSet",
  spellcheck: "spellCheck",
  referrerpolicy: "referrerPolicy",
  fetchpriority: "fetchPriority",
  itemscope: "itemScope",
  allowfullscreen: "allowFullScreen",
  nomodule: "noModule",
  playsinline: "playsInline",
  autoplay: "autoPlay",
  "xlink:href": "xlinkHref",
  "xml:lang": "xmlLang",
  "xml:space": "xmlSpace",
  "xmlns:xlink": "xmlnsXlink",
};

function styleObject(style: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (!property) continue;
    const key = property.startsWith("--")
      ? property
      : property
          .replace(/^-ms-/, "ms-")
          .replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    out[key] = value;
  }
  return out;
}

/**
 * The React props that make React write `element`'s attributes again: HTML names React spells
 * otherwise (`class`, `for`, `tabindex`), SVG's hyphenated attributes in camel case (`stroke-width`
 * is `strokeWidth`), `aria-*` and `data-*` as they are, `style` as an object and React's boolean
 * properties as `true`.
 */
export function propsOf(element: MarkupElement): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const [name, value] of element.attributes) {
    const lower = name.toLowerCase();
    if (lower === "style") {
      props.style = styleObject(value);
      continue;
    }
    const prop =
      PROP_NAMES[lower] ??
      (name.includes("-") && !lower.startsWith("aria-") && !lower.startsWith("data-")
        ? name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
        : name);
    props[prop] = BOOLEAN_PROPS.has(lower) ? true : value;
  }
  return props;
}

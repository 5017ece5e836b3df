// Captured markup as React elements again (decision 433): used by the mirror app's route on every
// request, as a page's components make their elements, and by the round-trip tests.
import { createElement, type ReactNode } from "react";
import { type MarkupNode, propsOf } from "./markup";

/** A markup node with its React props worked out once, at capture. */
export type MirrorNode =
  string | { tag: string; props: Record<string, unknown>; children: MirrorNode[] };

/** The options a select's markup marks `selected`, at any depth (optgroups). */
function selectedValues(nodes: MarkupNode[]): string[] {
  return nodes.flatMap((node) => {
    if (typeof node === "string") return [];
    if (node.tag !== "option") return selectedValues(node.children);
    const attributes = new Map(node.attributes);
    if (!attributes.has("selected")) return [];
    const text = node.children.filter((child) => typeof child === "string").join("");
    return [attributes.get("value") ?? text];
  });
}

/**
 * React's props for each element, as a page's components would pass them: a form field's
 * written value and checked state become its `defaultValue`/`defaultChecked`, and a select's
 * selected options its `defaultValue` (React writes the same markup for them, and warns about
 * the others).
 */
export function toMirror(nodes: MarkupNode[]): MirrorNode[] {
  return nodes.map((node) => {
    if (typeof node === "string") return node;
    const props = propsOf(node);
    if (node.tag === "input") {
      if ("value" in props) {
        props.defaultValue = props.value;
        delete props.value;
      }
      if ("checked" in props) {
        props.defaultChecked = props.checked;
        delete props.checked;
      }
    }
    if (node.tag === "option") delete props.selected;
    if (node.tag === "select") {
      const selected = selectedValues(node.children);
      if (props.multiple) props.defaultValue = selected;
      else if (selected.length > 0) props.defaultValue = selected[0];
    }
    return { tag: node.tag, props, children: toMirror(node.children) };
  });
}

export function renderNodes(nodes: MirrorNode[]): ReactNode[] {
  return nodes.map((node) => {
    if (typeof node === "string") return node;
    if (node.tag === "textarea") {
      // React writes a textarea's value as its text.
      const text = node.children.filter((child) => typeof child === "string").join("");
      return createElement(node.tag, { ...node.props, defaultValue: text });
    }
    return node.children.length
      ? createElement(node.tag, node.props, ...renderNodes(node.children))
      : createElement(node.tag, node.props);
  });
}

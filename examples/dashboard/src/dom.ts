/**
 * A small element builder for the dashboard: `el('li', { class: 'x', data: { status: 'DONE' } },
 * 'text')`. Text is always set as text (never parsed as HTML), so nothing a server or a user
 * sends can inject markup.
 *
 * @module
 */

/**
 * Attributes of {@link el}: plain attributes, `class`, and `data` for `data-*` attributes
 * (camelCase keys become kebab-case, as with `dataset`).
 */
export interface ElementAttributes {
  readonly class?: string;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly [name: string]:
    string | number | boolean | undefined | Readonly<Record<string, string | number>>;
}

/** Something that can go inside an element: a node, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** `jobId` → `job-id`, as `dataset` maps them. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function setAttributes(node: Element, attributes: ElementAttributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'data' && typeof value === 'object') {
      for (const [key, v] of Object.entries(value))
        node.setAttribute(`data-${kebab(key)}`, String(v));
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

function append(node: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
}

/** An HTML element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: ElementAttributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: ElementAttributes = {},
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attributes);
  append(node, children);
  return node;
}

/** The element with id `id`, which the page must have; throws naming it otherwise. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return node;
}

// @ts-check
// Typed access to the page's elements: each lookup names the kind of element it expects and
// gets nothing when the page holds another kind there, so a changed template fails softly
// and the type checker (tsc --noEmit in ./test) knows what each element can do.

/**
 * The first element matching `sel` under `root`, if it is a `kind`.
 * @template {abstract new (...args: any) => Element} C
 * @param {string} sel
 * @param {C} kind
 * @param {ParentNode} [root]
 * @returns {InstanceType<C> | null}
 */
export function een(sel, kind, root = document) {
  const el = root.querySelector(sel);
  return el instanceof kind ? /** @type {InstanceType<C>} */ (el) : null;
}

/**
 * Every element matching `sel` under `root` that is a `kind`.
 * @template {abstract new (...args: any) => Element} C
 * @param {string} sel
 * @param {C} kind
 * @param {ParentNode} [root]
 * @returns {InstanceType<C>[]}
 */
export function alle(sel, kind, root = document) {
  return /** @type {InstanceType<C>[]} */ ([...root.querySelectorAll(sel)].filter((el) => el instanceof kind));
}

/**
 * The element with id `id`, if it is a `kind`.
 * @template {abstract new (...args: any) => Element} C
 * @param {string} id
 * @param {C} kind
 * @returns {InstanceType<C> | null}
 */
export function metId(id, kind) {
  const el = document.getElementById(id);
  return el instanceof kind ? /** @type {InstanceType<C>} */ (el) : null;
}

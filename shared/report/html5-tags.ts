// What parse5 (the HTML5 tree builder) does differently from htmlparser2, as tag tables for html-dom.ts.
// Names follow the HTML standard's tree-construction section.
export const VOID = new Set(
  "area base basefont br col command embed frame hr img input isindex keygen link meta param source track wbr".split(
    " ",
  ),
);
/** Elements parse5 reconstructs after an implied close (the adoption agency / active formatting list). */
export const FORMATTING = new Set("a b big code em font i nobr s small strike strong tt u".split(" "));
/** End tags for which parse5 pops every element above the matching one (implied end tags, then "pop until"). */
export const POP_UNTIL = new Set(
  (
    "address article aside blockquote button center details dialog dir div dl fieldset figcaption figure footer " +
    "header hgroup listing main menu nav ol pre search section summary ul li dd dt p h1 h2 h3 h4 h5 h6 select"
  ).split(" "),
);
export const CELL_ENDS = new Set(["td", "th", "tr", "table", "tbody", "thead", "tfoot", "caption"]);
/** Elements that bound parse5's scopes: an end tag never closes across them outside table handling. */
export const SCOPE_BOUNDARY = new Set("applet caption html table td th marquee object template".split(" "));
export const BUTTON_SCOPE = new Set([...SCOPE_BOUNDARY, "button"]);
/** Start tags that make parse5 close an open <p> in button scope. */
export const P_CLOSERS = new Set(
  (
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header " +
    "hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing form li dd dt plaintext " +
    "table hr xmp"
  ).split(" "),
);
export const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);
/** parse5's "special" elements (the ones that stop its <li>/<dd>/<dt> close-up search). */
export const SPECIAL = new Set(
  (
    "address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup " +
    "dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head " +
    "header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes " +
    "noscript object ol p param plaintext pre script search section select source style summary table tbody td " +
    "template textarea tfoot th thead title tr track ul wbr xmp"
  ).split(" "),
);
/** Start tags whose content or handling htmlparser2 does not model the way parse5 does. */
export const UNMODELLED = new Set(
  "xmp plaintext listing noembed noframes image math frameset frame isindex keygen template html head body".split(
    " ",
  ),
);
/** Children parse5 leaves in place inside table structure (anything else is foster-parented). */
export const TABLE_CHILDREN = new Map<string, Set<string>>([
  ["table", new Set("caption colgroup col tbody thead tfoot tr script style template".split(" "))],
  ["tbody", new Set(["tr", "script", "style", "template"])],
  ["thead", new Set(["tr", "script", "style", "template"])],
  ["tfoot", new Set(["tr", "script", "style", "template"])],
  ["tr", new Set(["td", "th", "script", "style", "template"])],
  ["colgroup", new Set(["col", "template"])],
]);
/** The parent each table part must have for parse5 to keep it where it is. */
export const TABLE_PARENT = new Map<string, Set<string>>([
  ["td", new Set(["tr"])],
  ["th", new Set(["tr"])],
  ["tr", new Set(["table", "tbody", "thead", "tfoot"])],
  ["tbody", new Set(["table"])],
  ["thead", new Set(["table"])],
  ["tfoot", new Set(["table"])],
  ["caption", new Set(["table"])],
  ["colgroup", new Set(["table"])],
  ["col", new Set(["table", "colgroup"])],
]);
/** Pairs htmlparser2 closes on a start tag exactly as parse5 does (the closed element on top of the stack). */
export const OPEN_CLOSES = new Map<string, Set<string>>([
  ["tr", new Set(["tr", "td", "th"])],
  ["td", new Set(["td", "th"])],
  ["th", new Set(["td", "th"])],
  ["li", new Set(["li"])],
  ["dd", new Set(["dd", "dt"])],
  ["dt", new Set(["dd", "dt"])],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["option", "optgroup"])],
  ["tbody", new Set(["thead", "tbody"])],
  ["tfoot", new Set(["thead", "tbody"])],
]);
export const IN_SELECT = new Set(["option", "optgroup", "hr", "script", "template"]);
export const SVG_BREAKOUT = new Set(
  (
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu " +
    "meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var font"
  ).split(" "),
);
export const NON_SPACE = /[^\t\n\f\r ]/;
/** Elements htmlparser2 reads as raw text even inside <svg>, where parse5 reads them as markup. */
export const RAW_IN_SVG = new Set(
  "title textarea script style xmp iframe noembed noframes noscript plaintext".split(" "),
);

/** What checkOpen must look at for a tag, as bits (one lookup per start tag). */
export const SKELETON = 1;
export const P_CLOSER = 2;
export const HEADING = 4;
export const LIST_ITEM = 8;
export const ONE_AT_A_TIME = 16;
export const SVG_UNSAFE = 32;
export const UNMODELLED_TAG = 64;
export const TAG_BITS: ReadonlyMap<string, number> = (() => {
  const bits = new Map<string, number>();
  const add = (names: Iterable<string>, bit: number) => {
    for (const name of names) bits.set(name, (bits.get(name) ?? 0) | bit);
  };
  add(["html", "head", "body"], SKELETON);
  add(P_CLOSERS, P_CLOSER);
  add(HEADINGS, HEADING);
  add(["li", "dd", "dt"], LIST_ITEM);
  add(["a", "nobr", "button", "form"], ONE_AT_A_TIME);
  add([...SVG_BREAKOUT, ...RAW_IN_SVG], SVG_UNSAFE);
  add(UNMODELLED, UNMODELLED_TAG);
  return bits;
})();
/** Elements whose being open matters, counted as they open and close. */
export const COUNTED = new Map(
  [
    "a",
    "nobr",
    "button",
    "form",
    "select",
    "svg",
    "li",
    "dd",
    "dt",
    "p",
    "iframe",
    "noscript",
    ...HEADINGS,
  ].map((n, i) => [n, i]),
);
const count = (name: string) => COUNTED.get(name) ?? -1;
export const [SELECT, SVG, LI, DD, DT, P, IFRAME, NOSCRIPT] = [
  "select",
  "svg",
  "li",
  "dd",
  "dt",
  "p",
  "iframe",
  "noscript",
].map(count);

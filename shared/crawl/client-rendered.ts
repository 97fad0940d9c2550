// A column page whose list the browser draws from a template the crawler cannot fill: a framework's
// template in the page (Vue's `v-for`, Angular's `ng-repeat`, `{{ item.title }}` in a link), a script
// template (art-template, Handlebars, jQuery tmpl), or a single-page app's empty root with its bundle.
// Such a page showing no entries says nothing about whether the column has any. Pure, bounded.

const MAX_CHARS = 1_000_000;
/** Script templates looked into, and how much of each. */
const MAX_TEMPLATES = 50;
const TEMPLATE_CHARS = 5000;
/** How far after an app's empty root its bundle is looked for. */
const BUNDLE_WINDOW = 20_000;

const FRAMEWORK = /\s(?:v-for|v-bind:href|:href|ng-repeat|ng-href|x-for|wx:for)\s*=/i;
const LINK_TEMPLATE = /\shref\s*=\s*["']?\s*(?:\{\{|<%|\$\{)/i;
const SCRIPT_TEMPLATE =
  /<script\b[^>]{0,200}\stype\s*=\s*["']?text\/(?:html|template|x-handlebars-template|x-jquery-tmpl|x-template|x-art-template)\b[^>]{0,200}>/gi;
const PLACEHOLDER = /\{\{|<%|\$\{/;
const EMPTY_ROOT = /<div\b[^>]{0,100}\sid\s*=\s*["']?(?:app|root)["']?[^>]{0,100}>\s*<\/div>/i;
const BUNDLE =
  /<script\b[^>]{0,200}\ssrc\s*=\s*["']?[^"'\s>]{0,200}(?:app|main|index|chunk-vendors|bundle)[\w.-]{0,40}\.js/i;

function hasScriptTemplate(text: string): boolean {
  SCRIPT_TEMPLATE.lastIndex = 0;
  for (let n = 0; n < MAX_TEMPLATES; n++) {
    const open = SCRIPT_TEMPLATE.exec(text);
    if (!open) return false;
    const start = open.index + open[0].length;
    const close = text.indexOf("</script", start);
    const body = text.slice(
      start,
      close < 0 ? start + TEMPLATE_CHARS : Math.min(close, start + TEMPLATE_CHARS),
    );
    if (PLACEHOLDER.test(body)) return true;
  }
  return false;
}

function isEmptyApp(text: string): boolean {
  const root = EMPTY_ROOT.exec(text);
  return root !== null && BUNDLE.test(text.slice(root.index, root.index + BUNDLE_WINDOW));
}

/** What draws the page's list in the browser, when the page shows such a template; else undefined. */
export function clientRenderedList(html: string): string | undefined {
  const text = html.length > MAX_CHARS ? html.slice(0, MAX_CHARS) : html;
  if (hasScriptTemplate(text)) return "a script template (art-template, Handlebars…)";
  if (FRAMEWORK.test(text)) return "a framework's template (v-for, ng-repeat…)";
  if (LINK_TEMPLATE.test(text)) return "a link template ({{…}})";
  if (isEmptyApp(text)) return "a single-page app (an empty root and its script bundle)";
  return undefined;
}

// How a server's "page not found" page, or a CMS's page for a withdrawn article ("该信息已删除"), says so:
// one wording for the crawler (a soft 404 is a dead link) and the reader (such a page is no report).

/** A page title that says the page is not there. */
export const NOT_FOUND_TITLE =
  /404|not found|页面不存在|页面未找到|找不到|出错了|(?:信息|文章|内容|稿件|页面)(?:已(?:被)?(?:删除|撤销|下线)|不存在)/i;

/** Page text that says the page, or the article it held, is not there. */
export const NOT_FOUND_TEXT =
  /页面不存在|页面未找到|找不到(?:您要|该|此|相关)?(?:访问的)?页面|您(?:所)?访问的页面(?:不存在|已删除|找不到)|不存在或已(?:被)?删除|(?:该|此)(?:信息|文章|内容|稿件)已(?:被)?(?:删除|撤销|下线)|404\s*(?:not found|错误)/i;

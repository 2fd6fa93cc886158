/** Text escaped for XML content and attribute values; characters XML 1.0 cannot carry are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** Plain text as an HTML paragraph, escaped for HTML; the XML writer escapes it once more. */
export function asHtml(text: string): string {
  return `<p>${escapeXml(text)}</p>`
}

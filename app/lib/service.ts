export const SERVICE_NAME = "Choice and Control";

/** "Sign in - Choice and Control"; pages with form errors are prefixed "Error: ". */
export function documentTitle(pageTitle: string | undefined, hasErrors = false): string {
  const title = pageTitle ? `${pageTitle} - ${SERVICE_NAME}` : SERVICE_NAME;
  return hasErrors ? `Error: ${title}` : title;
}
